"""The phrases by which speech and minutes mark commitments, requests and decisions.

Read by ``speech``: who commits ("I'll", "X will", "X to", "Ryan, could you"), who decides
("we agreed", "hearing no objections"), and what is only talk (a question, a plan about
oneself, the chair running the meeting, a fragment cut by a disfluency).
"""

from __future__ import annotations

import re

NAME = r"[A-Z][a-z][\w'-]*(?: [A-Z][a-z][\w'-]*)?"
HANDLE = r"@[\w.-]*\w"
FIRST_PERSON = re.compile(
    r"(?:^|[,;:]\s*|\b(?:and|but|so|ok|okay|sure|yes|yeah|fine|then)[,]?\s+)"
    r"(?:I'll|I will|I'm going to|I am going to|I can take (?:that|this|it)(?: on)?|"
    # minutes drop the subject: "Ready for council eyes, will post a link"
    r"(?P<bare>(?-i:[Ww])ill)(?= (?!be\b|have\b|need\b|probably\b|likely\b|depend)[a-z])|"
    r"(?P<want>I (?:definitely |really |also |still )?want to)|"
    r"we'll|we will|we're going to|we are going to|"
    r"I'll take (?:that|this|it)(?: on)?|let me|I'll handle|I will handle|"
    r"I can(?! not\b| also\b| only\b| see\b| say\b| tell\b| imagine\b| understand\b)|"
    r"I'm happy to|I am happy to|I can volunteer to|(?:I )?can volunteer to|"
    r"(?:my |the )?next steps? (?:is|are|would be) to|I volunteer to|I'll try to|"
    r"I (?:still )?plan to|I'm planning to|I am planning to|I (?:have )?committed to|"
    r"(?:an? )?action item (?:is )?to)\s+(?P<rest>.+)",
    re.I)
PEOPLE = rf"(?:{HANDLE}|{NAME})(?:(?:, | and | & )(?:{HANDLE}|{NAME}))*"  # "Khio and Jack"
THIRD_PERSON = re.compile(
    rf"(?:^|[,;]\s*|\b(?:and|so|then)\s+)(?P<who>{PEOPLE}|[Hh]e|[Ss]he|[Tt]hey)\s+"
    r"(?:will|'ll|is going to|are going to|agreed to|offered to|volunteered to|promised to|"
    r"said (?:he|she|they)(?:'d| would| will)|is to|has to|needs to)\s+(?P<rest>.+)")
# "X to open an issue and tag Y": minutes' shorthand for a task, when X is a person here
NAMED_TO = re.compile(rf"(?:^|[,;]\s*)(?P<who>{PEOPLE})\s+to\s+(?P<rest>[a-z]\w+\b.+)")
ADDRESSED = re.compile(
    rf"^(?:(?:ok|okay|so|and)[,]?\s+)?(?P<who>{NAME}),\s+(?:(?P<aside>[^,?]{{3,60}}),\s+)?"
    r"(?:could|can|would|will) you\s+(?:please\s+|be (?:up for|willing to|able to)\s+|"
    r"mind\s+)?(?P<rest>.+)"
    rf"|^(?:(?:ok|okay|so|and)[,]?\s+)?(?P<who2>{NAME}),\s+please\s+(?P<rest2>.+)")
ASKED = re.compile(rf"\b(?P<asker>{NAME}) asked (?P<who>{NAME}|him|her|them) to\s+"
                   r"(?P<rest>.+)")
PLEASE = re.compile(r"^(?:(?:and|so|also|ok|okay)[,]?\s+|[^,]{3,40},\s+)?(?:please|"
                    r"could you(?: please)?|"
                    r"can you(?: please)?|would you(?: please)?)\s+(?P<rest>.+)", re.I)
CLAIM = re.compile(r"^(?:sure|yes|yep|ok|okay|will do|on it|absolutely|of course)?[,.!]?\s*"
                   r"(?:I'll do (?:it|that)|I can do (?:it|that)|I'll take (?:it|that)|"
                   r"will do|on it|I'm on it|I'll handle (?:it|that))\b", re.I)
DECIDED = re.compile(
    r"\b(?:we|the (?:group|team|committee|board|tsc|council)|everyone|everybody|all of us)\s+"
    r"(?:all\s+|have\s+|has\s+|then\s+|finally\s+)*(?:decided|agreed|resolved|concluded)"
    r"(?:\s+(?:to|that|on))?\s+(?P<rest>.+)"
    r"|\bwe(?:'ll| will| are going to) go with\s+(?P<rest2>.+)"
    r"|\blet's (?:stick with|go with|go ahead with)\s+(?P<rest3>.+)"
    r"|\bfinal (?:answer|decision)\s*[:,]\s*(?P<rest4>.+)"
    r"|\b(?:it was|it's been) (?:decided|agreed)(?: that| to)?\s+(?P<rest5>.+)"
    # "we'll adopt / approve / defer / leave this nominated": the room settling, not a task
    r"|\bwe(?:'ll| will)\s+(?P<rest6>(?:adopt|approve|accept|defer|postpone|table|reject|"
    r"decline|leave (?:this|it|that) (?:nominated|open|on the agenda|as is))\b.+)", re.I)
AGREED_ALONE = re.compile(r"^(?:ok(?:ay)?[,.]?\s+)?(?:agreed|decided|deal|done|settled)[.!]$",
                          re.I)
LETS = re.compile(r"^(?:so[,]?\s+|ok(?:ay)?[,]?\s+|then[,]?\s+)?let's\s+(?P<rest>.+)", re.I)
NOT_A_TASK = re.compile(
    r"^(?:be|been|have|had|need|want|like|love|hate|know|think|guess|see|feel|try to be|"
    r"probably|maybe|likely|possibly|perhaps|hopefully|mind|never|not|miss|see (?:how|if|whether|"
    r"what)|figure out whether|get back (?:home|from)|say|admit|"
    r"bet|let you know if|jump in|bring up|give (?:an?|my|some|the) (?:quick )?(?:overview|"
    r"update|summary|intro|introduction)|"
    r"go on holiday|be (?:late|out|away|off|on holiday|travelling|traveling))\b", re.I)
# Speech acts that run a meeting ("I'll go back to Mr Smith", "let me continue in English")
# rather than commit to work, and verbs of talk.
PROCEDURE = re.compile(
    r"^(?:continue|go (?:back|on|now|over|through|to|ahead)|move (?:on|to)|turn to|come (?:back|to|"
    r"and)|hand (?:over|it)|pass (?:it|over|on to)|start (?:off )?(?:with|by)|begin|stop|leave it|"
    r"walk (?:you|us|everyone|people) through|take (?:my|this|that|the|your) question|join us|"
    r"remain|invite (?:any|anyone|everyone|all) who|wrap (?:this |it |things )?up|"
    r"give (?:my|our|a) \+1|second (?:what|that|this|the|it)\b|"
    r"(?:put|check|tick) (?:my|our|the) (?:check ?)?box(?:es)?|"
    r"just|ask (?:you|a|one|another|the|my)|suggest|mention|say|speak|explain|show you|"
    r"talk(?! (?:to|with) (?-i:[A-Z]))|"
    r"tell you|remind you|repeat|read (?:it|out|the question)|answer|respond|comment|add (?:that|"
    r"to that|one)|draw|give (?:it|you|a|the floor)|try(?! to \w)|do (?:it|that|this|so)|put it|"
    r"wrap up|finish|close (?:the |this )?(?:meeting|call|session)|"
    r"take (?:a|the|that|this|it) (?:look|second|minute|break|point)|give (?:some )?background|"
    r"be brief|keep (?:it|on|asking|going|focused|that|this|working)|allow|welcome|thank|note|"
    r"clarify|discuss|"
    r"give (?:us|me|everyone) (?:the|an|a|some) (?:\w+ )?(?:update|overview|summary)|"
    r"describe (?:some|my|the|a few) (?:initial )?thoughts|share (?:my|some) thoughts|"
    r"prefer|hope|wish|assure|react|stick (?:to|with)|always|share my time|take (?:that|it) as|"
    r"wait|hear|listen|look at (?:it|this|that)|focus (?:my|on)|pick up|switch to|proceed|"
    r"go (?:first|this|that|next|last|around)|do (?:your|my|the|his|her) presentation|present|"
    r"tell us|expand on|elaborate|activate|direct your|unmute|mute|let \w+ do)\b", re.I)
FUNCTION_END = re.compile(
    r"\b(?:the|a|an|to|of|in|on|at|for|with|by|and|or|but|mr|ms|mrs|dr|that|this|is|are|was|"
    r"be|you|we|i|it|they|he|she|my|our|your|their|its|some|any|so|then|if|as|from|into)$",
    re.I)
# what "I want to ..." says that is a point made in the discussion, not work taken on
WANTED_TALK = re.compile(r"^(?:make sure|lay out|raise|flag|point out|highlight|echo|add|"
                         r"emphasi[sz]e|stress|note|be (?:clear|careful)|avoid|keep|get|"
                         r"understand|push back|discuss|know|ask)\b", re.I)
LETS_WORK = re.compile(r"^(?:write|draft|start|file|open|send|post|publish|create|email|"
                       r"inform|ping|schedule|merge|set up|reach out|contact|draft)\b", re.I)
MAX_WORDS = 20
BULLET_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
MAX_DECISION_WORDS = 45  # minutes state a decision with its terms
# "if needed" makes an offer; "figure out if" asks a question and commits all the same;
# "if it sounds right to the council, I'll ..." is a commitment the room can stop
CONDITIONAL = re.compile(r"(?<!out )(?<!see )(?<!check )(?<!ask )(?<!know )(?<!whether )"
                         r"\b(?:if|unless|in case|whenever)\b(?! (?:it sounds|that sounds|"
                         r"there are no objections|no one objects|nobody objects))", re.I)
NOT_A_DECISION = re.compile(r"^(?:not|nothing|disagree|to disagree|on nothing)\b", re.I)
PRONOUNS = {"he", "she", "they"}
NOT_NAMES = {"The", "This", "That", "It", "There", "We", "You", "I", "Our", "Your", "Their",
              "His", "Her", "Its", "Everyone", "Somebody", "Someone", "Nobody", "Which",
              "What", "Who", "When", "Where", "Why", "How", "If", "So", "And", "But", "Then",
              "Also", "Maybe", "Perhaps", "Today", "Tomorrow", "Next", "Last", "Firstly",
              "Secondly", "Finally", "Well", "Now", "Okay", "Yes", "No", "Please", "Thanks"}
