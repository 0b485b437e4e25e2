"""The transcript parser: plain text in, a ParsedTranscript out."""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .chrome import is_noise, is_page_furniture, is_tail_start
from .context import acting_chair, attendance_person, names_in, persons_in
from .dates import date_in_sentence, is_place, is_time_line, parse_date_line, place_in_lead
from .errors import ParseError
from .header import Header, read_header
from .keys import name_key
from .labels import (
    Candidate,
    NameBook,
    Strength,
    a_prefix,
    evaluate,
    is_name_list,
    looks_like_attendance,
    q_prefix,
    split_colon,
    strip_text_start,
)
from .language import language_of
from .normalize import Line, prepare
from .paragraphs import (
    ends_sentence,
    is_closing,
    is_hard_wrapped,
    is_heading,
    is_procedural,
    is_separator,
    paragraphs_of,
    wrap_width,
)
from .result import ParsedTranscript, ParsedTurn
from .speaker_identity import LabelUse, Resolver
from .speakers import LabelParts, is_caps, is_particle, key

_DIGIT = re.compile(r"\d")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")


@dataclass(frozen=True)
class Hit:
    """A label found at body line `index`; its own lines end before `end`."""

    index: int
    end: int
    line: int
    candidate: Candidate
    rest: str


class _Body:
    """The lines after the header, with what the label and paragraph rules need to know."""

    def __init__(self, lines: list[Line], book: NameBook):
        self.lines = lines
        self.texts = [line.text for line in lines]
        self.n = len(lines)
        self.book = book
        blocks: list[list[str]] = []
        current: list[str] = []
        for text in [*self.texts, ""]:
            if text:
                current.append(text)
            elif current:
                blocks.append(current)
                current = []
        self.wrapped = is_hard_wrapped(blocks)
        self.width = wrap_width(blocks)
        self.dense = self.wrapped and len(blocks) <= 2
        self.splits: dict[int, tuple[str, str]] = {}
        self.colon: dict[int, tuple[str, str]] = {}
        self.counts: Counter[str] = Counter()
        self.own_counts: Counter[str] = Counter()
        self.closest: tuple[int, int, str] | None = None
        self.q_lines = 0
        self._lower: set[str] | None = None
        self._footer_at: int | None = None
        self.warnings: list[str] = []

    def _note(self, strength: int, at: int, text: str) -> None:
        """Remember the strongest near-label seen, for the error when no turn is found."""
        if self.closest is not None and strength <= self.closest[0]:
            return
        if self._footer_at is None:
            self._footer_at = next(
                (n for n, line in enumerate(self.texts) if line and is_tail_start(line)), self.n
            )
        if at >= self._footer_at:
            return  # `Published in sections: News`, `Persons` ⏎ `Marek Ivo`: page furniture
        self.closest = (strength, self.lines[at].no, text)

    def survey(self) -> int | None:
        """First pass: collect colon candidates, learn names; return where the turns begin."""
        first = None
        for at, text in enumerate(self.texts):
            if not text:
                continue
            split = split_colon(text)
            if split and split[0]:
                candidate = self._survey_colon(at, text, split)
                if candidate and candidate.strength >= Strength.NAME and first is None:
                    first = at
            elif split is None and len(text) <= 80 and not ends_sentence(text):
                candidate = evaluate(text, self.book)
                if candidate:
                    self.own_counts[key(candidate.core)] += 1
            if text[0] == "Q" and q_prefix(text) is not None:
                self.q_lines += 1
                first = at if first is None else first
        self._learn_names()
        return first

    def _survey_colon(self, at: int, text: str, split: tuple[str, str]) -> Candidate | None:
        """`Prefix: rest` at `at`: a label candidate (kept in `colon`), or a near miss noted."""
        prefix, rest = split
        self.splits[at] = split
        candidate = evaluate(prefix, self.book)
        if candidate is None or (candidate.parts.has_role and looks_like_attendance(rest)):
            if len(prefix.split()) <= 6:
                self._note(0, at, text)
            return None
        self.colon[at] = (prefix, rest)
        self.counts[key(candidate.core)] += 1
        return candidate

    def _learn_names(self) -> None:
        """Add the names of the colon labels that look like people to the name book."""
        for prefix, _rest in self.colon.values():
            candidate = evaluate(prefix, self.book)
            if (
                candidate
                and not candidate.generic
                and candidate.strength >= Strength.NAME
                and candidate.parts.name
            ):
                if candidate.strength == Strength.NAME and not self._name_ok(candidate):
                    continue
                self.book.add(candidate.parts.name)

    def para_start(self, at: int, last_end: int) -> bool:
        if not self.wrapped or at == 0 or at == last_end:
            return True
        previous = self.texts[at - 1]
        return not previous or ends_sentence(previous) or is_separator(previous)

    def find(self) -> list[Hit]:
        """Second pass: every label, in order."""
        hits: list[Hit] = []
        at = 0
        while at < self.n:
            if not self.texts[at]:
                at += 1
                continue
            hit = self._label_at(at, hits[-1].end if hits else 0)
            if hit:
                hits.append(hit)
                parts = hit.candidate.parts
                if parts.name and not hit.candidate.generic:
                    self.book.add(parts.name)
                at = hit.end
            else:
                at += 1
        return hits

    def _next_text(self, at: int, limit: int = 2) -> int | None:
        """The next non-empty text within `limit` lines after `at`."""
        for following in range(at + 1, min(self.n, at + 1 + limit)):
            if self.texts[following]:
                return following
        return None

    def _hit(self, at: int, end: int, candidate: Candidate, rest: str) -> Hit:
        return Hit(at, end, self.lines[at].no, candidate, rest)

    def _label_at(self, at: int, last_end: int) -> Hit | None:
        """The label that opens a turn at text `at`, if any: each shape, in this order."""
        text = self.texts[at]
        start = self.para_start(at, last_end)
        wrapped = self._wrapped_label(at, start)
        if wrapped:
            return wrapped
        if at in self.colon:
            return self._colon_label(at, last_end, start)
        over_colon = self._label_over_colon(at)
        if over_colon:
            return over_colon
        if not start:
            return None
        question = self._question_or_answer(at)
        if question:
            return question
        if len(text) <= 80 and not ends_sentence(text) and split_colon(text) is None:
            return self._own_line(at, text)
        return None

    def _colon_label(self, at: int, last_end: int, start: bool) -> Hit | None:
        """`Prefix: rest` on one line (a candidate of `survey`): a label, or kept as text."""
        prefix, rest = self.colon[at]
        candidate = evaluate(prefix, self.book)
        if candidate is None:
            return None
        programme = (candidate.generic or not candidate.parts.name) and is_name_list(rest)
        if programme and not last_end:
            return None  # `Moderator: Jane Doe` in a programme before the turns
        if self._accept_inline(candidate, rest, start):
            return self._hit(at, at + 1, candidate, rest)
        self._note(int(candidate.strength), at, self.texts[at])
        if candidate.strength <= Strength.NAME and start and rest[:1].isupper():
            self.warnings.append(
                f'line {self.lines[at].no}: "{prefix}:" could be a speaker label; kept as text'
            )
        return None

    def _label_over_colon(self, at: int) -> Hit | None:
        """`Ivo Marek` ⏎ `: Thank you.`: a label whose colon opens the next line."""
        text = self.texts[at]
        colon_at = self._next_text(at)
        if colon_at is None or self.texts[colon_at][:1] not in ":：" or len(text) > 80:
            return None
        candidate = evaluate(text, self.book)
        if candidate and candidate.strength >= Strength.WORD:
            return self._hit(at, colon_at + 1, candidate, self.texts[colon_at][1:].strip())
        return None

    def _question_or_answer(self, at: int) -> Hit | None:
        """`Q. ...` and, in a text with questions, `A. ...`: a briefing's generic turns."""
        text = self.texts[at]
        after_q = q_prefix(text) if text[0] == "Q" else None
        if after_q is not None:
            return self._generic_hit(at, "Q", after_q)
        after_a = a_prefix(text) if self.q_lines >= 2 and text[0] == "A" else None
        if after_a is not None:
            return self._generic_hit(at, "A", after_a)
        return None

    def _generic_hit(self, at: int, label: str, rest: str) -> Hit:
        candidate = evaluate(label, self.book)
        assert candidate is not None  # `Q` and `A` are generic labels, always candidates
        return self._hit(at, at + 1, candidate, rest)

    def _accept_inline(self, candidate: Candidate, rest: str, start: bool) -> bool:
        if candidate.vocative or (not start and rest[:1].islower()):
            return False  # `Mr President:` greets someone; it does not name the speaker
        if candidate.strength >= Strength.KNOWN or (candidate.marker and start):
            return True  # a translation marker is printed only after a speaker's name
        if not start or (rest and not (rest[:1].isupper() or rest[:1] in "(«“\"'<[…")):
            return False
        if candidate.strength == Strength.NAME:
            return self._name_ok(candidate)
        return self.counts[key(candidate.core)] >= 2

    def _name_ok(self, candidate: Candidate) -> bool:
        """An unknown two-word label: a name unless used once and made of common words."""
        return self.counts[key(candidate.core)] >= 2 or not self._common_words(candidate)

    def _common_words(self, candidate: Candidate) -> bool:
        """`Climate Change: We ...`: every word of the `name` is used in lower case elsewhere."""
        if self._lower is None:
            self._lower = set(_LOWER_WORD.findall("\n".join(self.texts)))
        words = [w.casefold() for w in (candidate.parts.name or "").split() if not is_particle(w)]
        return bool(words) and all(w in self._lower for w in words)

    def _own_line(self, at: int, text: str) -> Hit | None:
        """`Ivo Marek` alone on a line above the speech: a label when it is known enough."""
        following_at = self._next_text(at)
        if following_at is None:
            return None
        following = self.texts[following_at]
        if is_separator(following) or is_heading(following) or following_at in self.colon:
            return None
        if self.wrapped and len(text) >= 0.8 * self.width and not is_caps(text):
            return None  # a line cut by the wrap at full width, not a label on its own line
        candidate = evaluate(text, self.book)
        if candidate is None or candidate.vocative:
            return None
        known_enough = candidate.strength >= Strength.KNOWN or (
            candidate.strength == Strength.NAME and self.own_counts[key(candidate.core)] >= 2
        )
        if not known_enough:
            self._note(int(candidate.strength) - 1, at, text)
            return None
        return self._hit(at, at + 1, candidate, "")

    def _wrapped_label(self, at: int, start: bool) -> Hit | None:
        """`President` ⏎ `of Ruritania Ivo Marek: ...`: a label cut by a hard line wrap."""
        text = self.texts[at]
        if (
            not start
            or at + 1 >= self.n
            or (at + 1) not in self.splits
            or at in self.splits
            or ends_sentence(text)
        ):
            return None
        open_paren = text.count("(") > text.count(")")  # `Hans Bauer (back translation from`
        short = len(text) <= 45 and len(text.split()) <= 5
        if len(text) > 110 or not (short or open_paren or self.wrapped):
            return None
        prefix, rest = self.splits[at + 1]
        combined = evaluate(f"{text} {prefix}", self.book)
        if combined is None or not combined.parts.has_role or combined.vocative:
            return None
        if combined.strength < Strength.STRONG or not combined.parts.name:
            return None
        if not (short or open_paren) and not set(combined.parts.name.split()) <= set(
            prefix.split()
        ):
            return None  # a long first line is all role: the name is on the second line
        alone = evaluate(prefix, self.book)
        if alone is not None and alone.strength >= Strength.STRONG and prefix[:1].isupper():
            return None
        return self._hit(at, at + 2, combined, rest)

    def is_break(self, idx: int, start: int, hit_starts: set[int], in_turn: bool) -> bool:
        """Lines that end a paragraph and are not text: headings, separators, times, dates."""
        text = self.texts[idx]
        if not text or is_separator(text) or is_time_line(text):
            return True
        if in_turn and is_procedural(text):
            return True
        date = parse_date_line(text)
        if date is not None and not date.rest and not self._continues_sentence(idx, start):
            return True
        if is_heading(text):
            # A heading opens a part of the page: what follows is a label or another break.
            after = self._next_text(idx, limit=self.n)
            if after is not None and after not in hit_starts:
                following = self.texts[after]
                if not (is_separator(following) or is_heading(following)):
                    return False
            if not self.wrapped:
                return True
            return idx == start or not self.texts[idx - 1] or ends_sentence(self.texts[idx - 1])
        return False

    def _continues_sentence(self, idx: int, start: int) -> bool:
        """`... in Novi Grad on` ⏎ `2 November 2017.`: a wrapped line, not a date line."""
        if not self.wrapped or idx == start:
            return False
        previous = self.texts[idx - 1]
        return bool(previous) and not ends_sentence(previous)

    def paragraphs(
        self,
        start: int,
        stop: int,
        first: str,
        hit_starts: set[int],
        *,
        in_turn: bool = True,
        label_width: int = 0,
    ) -> list[str]:
        """The paragraphs of lines `start` to `stop`, after `first` (the text on a label's line,
        which was `label_width` characters wider on the page)."""
        out: list[str] = []
        run: list[str] = [first] if first else []
        indent = label_width if first else 0
        for idx in range(start, stop):
            if self.is_break(idx, start, hit_starts, in_turn):
                out += paragraphs_of(
                    run, wrapped=self.wrapped, width=self.width, dense=self.dense, indent=indent
                )
                run, indent = [], 0
            else:
                run.append(self.texts[idx])
        out += paragraphs_of(
            run, wrapped=self.wrapped, width=self.width, dense=self.dense, indent=indent
        )
        return out


def _without_page_furniture(lines: list[Line]) -> list[Line]:
    """The lines without a PDF's page numbers and running heads or feet.

    A page break inside a paragraph leaves blank lines around the running head; they go
    with it, so that the paragraph reads on (`the warm` ⏎ `[page 1 of 3]` ⏎ `welcome.`).
    """
    repeated = Counter(x.text for x in lines if _DIGIT.search(x.text))
    running = {text for text, count in repeated.items() if count >= 3 and len(text) <= 120}
    kept: list[Line] = []
    broken = False
    for line in lines:
        if is_page_furniture(line.text) or line.text in running:
            while kept and not kept[-1].text:
                kept.pop()
            broken = True
            continue
        if broken:
            if not line.text:
                continue
            if kept and ends_sentence(kept[-1].text):
                kept.append(Line(line.no - 1, ""))
            broken = False
        kept.append(line)
    return kept


def _tail_cut(body: _Body, after: int, header: Header, raw: list[str]) -> int:
    """Where the page footer (or the repeated date line) starts after the last turn."""
    for idx in range(after, body.n):
        text = body.texts[idx]
        if is_tail_start(raw[idx]) or (text and is_closing(text)):
            # `Additional`, `See also`: noise anywhere, a footer after the turns
            _place_in_footer(body, idx, header)
            return idx
        if not text:
            continue
        date = parse_date_line(text)
        if date and not date.rest and (header.date is None or date.date == header.date):
            if header.date is None:
                header.date = date.date
                header.place = header.place or date.place
            start = _place_before(body, idx, after)
            if start < idx and header.place is None:
                header.place = body.texts[start]  # `New Delhi` ⏎ `June 21, 2023` closing the page
            return start
    return body.n


def _place_in_footer(body: _Body, start: int, header: Header) -> None:
    """`(Concluded)` ⏎ `New Delhi` ⏎ `June 21, 2023`: the place a page closes with."""
    if header.place is not None:
        return
    for idx in range(start, min(body.n, start + 12)):
        date = parse_date_line(body.texts[idx])
        if date and not date.rest and date.date == header.date:
            found = _place_before(body, idx, start + 1)
            if found < idx:
                header.place = body.texts[found]
            return


def _place_before(body: _Body, idx: int, after: int) -> int:
    """`New Delhi` ⏎ `May 19, 2023` closing a page: the place line belongs to the date line."""
    prev = idx - 1
    while prev >= after and not body.texts[prev]:
        prev -= 1
    if prev >= after:
        text = body.texts[prev]
        if is_place(text) and len(text.split()) <= 4 and not ends_sentence(text.rstrip(".")):
            return prev
    return idx


def _turn_text(paragraphs: list[str]) -> tuple[str, str | None]:
    marker = None
    while paragraphs:
        text, found = strip_text_start(paragraphs[0])
        marker = marker or found
        if text == paragraphs[0]:
            break
        if text:
            paragraphs[0] = text
            break
        paragraphs.pop(0)
    return "\n\n".join(paragraphs), marker


def _no_turns(body: _Body) -> ParseError:
    if body.closest:
        _strength, line, text = body.closest
        short = text if len(text) <= 60 else text[:57] + "..."
        return ParseError(
            f'No speaker turns found: the closest thing to a label is "{short}" '
            '(a label looks like "Name: what they said"); a readout or summary without direct '
            "speech is not a transcript",
            line,
        )
    return ParseError(
        'No speaker turns found: no line looks like a speaker label ("Name: what they said"); '
        "a readout or summary without direct speech is not a transcript"
    )


def parse_transcript(text: str, *, known_names: Iterable[str] = ()) -> ParsedTranscript:
    """Parse a transcript copied from a web page into title, date, intro, speakers and turns."""
    lines, warnings = prepare(text)
    known = [n for n in known_names if n and n.strip()]
    book = NameBook(known)
    header = read_header(lines, book)
    page_lines = _without_page_furniture(lines[header.end :])
    body_lines = [Line(x.no, "" if is_noise(x.text) else x.text) for x in page_lines]
    for person in header.persons:
        book.add(person.name, anchor=True)
    body = _Body(body_lines, book)
    first = body.survey()
    before_first = body.texts[: first if first is not None else 0]
    lead = " ".join([*header.lead, *(t for t in before_first if t)])
    persons = list(header.persons) + persons_in(lead)
    persons += [
        p for t in body.texts[: first or 0] if t and (p := attendance_person(t) or acting_chair(t))
    ]
    context_text = " ".join(filter(None, [header.title or "", lead]))
    context_names = names_in(header.title or "") + names_in(lead)
    for person in persons:
        book.add(person.name, anchor=True)
    for name in context_names:
        book.add(name)
    hits = body.find()
    if not hits:
        raise _no_turns(body)
    raw = [x.text for x in page_lines]
    cut = _tail_cut(body, hits[-1].end, header, raw)
    hit_starts = {h.index for h in hits}
    intro = header.lead + body.paragraphs(0, hits[0].index, "", hit_starts, in_turn=False)
    warnings += _read_lead(header, " ".join(intro))
    if header.date is None:
        warnings.append("No date found in the text; the date must be given when importing")
    uses = [LabelUse(h.line, h.candidate) for h in hits]
    resolver = Resolver(uses, persons, known, context=context_names)
    names, speakers = resolver.run()
    warnings += body.warnings + resolver.warnings
    turns: list[ParsedTurn] = []
    for pos, hit in enumerate(hits):
        stop = hits[pos + 1].index if pos + 1 < len(hits) else cut
        label_width = len(body.texts[hit.end - 1]) - len(hit.rest)
        paragraphs = body.paragraphs(hit.end, stop, hit.rest, hit_starts, label_width=label_width)
        if pos == len(hits) - 1:
            warnings += _drop_closing_omission(paragraphs, hit)
        text_value, late_marker = _turn_text(paragraphs)
        marker = hit.candidate.marker or late_marker
        if not text_value:
            label = hit.candidate.printed
            warnings.append(f'line {hit.line}: the turn labelled "{label}" has no text')
        turns.append(ParsedTurn(names[pos], hit.candidate.printed, marker, text_value, hit.line))
    warnings += _lonely_names(hits, names, context_text, known)
    return ParsedTranscript(
        title=header.title,
        date=header.date,
        place=header.place,
        intro="\n\n".join(intro) or None,
        language=language_of(" ".join(t.text for t in turns) or " ".join(intro)),
        speakers=speakers,
        turns=turns,
        warnings=warnings,
    )


_OMISSION = re.compile(r"\s*[<\[(]\s*(?:…|\.{3})\s*[>\])]$")


def _drop_closing_omission(paragraphs: list[str], hit: Hit) -> list[str]:
    """`<…>`, `[…]`, `(...)` closing an excerpt: not part of the last speaker's words.

    What follows the mark in the same turn is an author's note or a footer (a news
    excerpt's `Anna Kowalczyk is the Courier's correspondent`), not speech: it goes too.
    """
    found = next(
        (
            (n, match)
            for n in range(len(paragraphs) - 1, -1, -1)
            if (match := _OMISSION.search(paragraphs[n]))
        ),
        None,
    )
    if found is None:
        return []
    at, omission = found
    after = paragraphs[at + 1 :]
    if len(after) > 2 or any(len(p) > 200 for p in after):
        return []  # the speech goes on after an omission inside it
    mark = omission.group().strip()
    kept = paragraphs[at][: -len(mark)].rstrip() if paragraphs[at] != mark else ""
    del paragraphs[at:]
    if kept:
        paragraphs.append(kept)
    warning = (
        f'line {hit.line}: the transcript is an excerpt: the omission mark "{mark}" closing '
        f'the last turn ("{hit.candidate.printed}") is left out of its text'
    )
    if after:
        warning += f'; so is what follows it ("{after[0][:60]}")'
    return [warning]


def _read_lead(header: Header, lead: str) -> list[str]:
    """Take the event's date and place from the lead when the page's head does not give them.

    A blog's `Posted on` date is when it was posted; a lead saying the talks were held `on 2
    November 2017` gives the event's own date.
    """
    warnings = []
    if header.posted and header.date is not None:
        held = date_in_sentence(lead)
        if held is not None and held != header.date and 0 < (header.date - held).days <= 366:
            warnings.append(
                f"The date {held.isoformat()} is taken from the lead; the page was posted on "
                f"{header.date.isoformat()}"
            )
            header.date = held
    if header.place is None:
        header.place = place_in_lead(lead)
        if header.place:
            warnings.append(f'The place "{header.place}" is taken from the lead')
    return warnings


def _lonely_names(hits: list[Hit], names: list[str], context: str, known: list[str]) -> list[str]:
    """Warn about bare names used once as a label and found nowhere else."""
    uses = Counter(names)
    haystack = f" {name_key(context)} "
    known_keys = {name_key(n) for n in known}
    out = []
    for hit, name in zip(hits, names, strict=True):
        parts: LabelParts = hit.candidate.parts
        if (
            parts.has_role
            or parts.honorific
            or parts.initials
            or hit.candidate.generic
            or hit.candidate.delegation
            or uses[name] > 1
        ):
            continue
        k = name_key(name)
        if k in known_keys or f" {k} " in haystack:
            continue
        out.append(
            f'line {hit.line}: "{hit.candidate.printed}" was taken as a speaker label, '
            "but the name appears nowhere else"
        )
    return out
