"""Speed and quality measurements; each prints ratios against a baseline from the same run."""
