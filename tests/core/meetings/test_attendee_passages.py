"""A meeting's list of people is searchable metadata, not a passage of its own."""

from __future__ import annotations

from app.core.meetings.items import attendee_passages
from app.core.types import Chunk


def test_a_present_list_leaves_the_passages_and_its_names_stay_searchable():
    chunks = [Chunk(0, "- Prof. Ada Okafor (chair)\n- Ben Lindqvist (@benl)\n- Carla Mendes, "
                       "treasurer", heading="Garden committee > Present"),
              Chunk(1, "The committee reviewed the water bill.",
                    heading="Garden committee > Minutes"),
              Chunk(2, "- Membership fee stays at 20 euros.", heading="Garden committee > Outcome")]
    kept = attendee_passages(chunks)
    assert [c.text for c in kept] == [chunks[1].text, chunks[2].text]
    assert [c.index for c in kept] == [0, 1]
    assert "Ada Okafor" in kept[0].embed_text and "Carla Mendes" in kept[0].embed_text
    assert "Okafor" not in kept[0].text


def test_lists_that_say_more_than_names_and_lone_lists_are_kept():
    prose = [Chunk(0, "- Dana said the budget is fine and we should keep going as planned",
                   heading="Notes > Present"), Chunk(1, "Other text.", heading="Notes")]
    assert attendee_passages(prose) == prose
    lone = [Chunk(0, "- Dana Whitfield\n- Marco Ruiz", heading="Sync > Attendees")]
    assert attendee_passages(lone) == lone
