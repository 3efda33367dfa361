#!/usr/bin/env python3
"""Checks questions.jsonl against the documents made by fetch-documents.sh.

    python3 bot/eval/documents/check-questions.py --docs DIR [--questions FILE]

For every line it checks that:
  * the object has the keys question, file, answer_contains (strings) and no others;
  * the file is one of the documents in DIR;
  * answer_contains has 2 to 8 words and occurs in the file's plain text,
    compared case-insensitively after collapsing whitespace to single spaces,
    and occurs there exactly once (a phrase found twice points at two passages);
  * the question does not copy the document: it shares no run of
    MAX_COPIED_WORDS or more consecutive words with the document's text.
It also checks that the questions are distinct, that there are at least
MIN_TOTAL of them and at least MIN_PER_FILE for every document in DIR.

Plain text is extracted conservatively, so that a phrase that passes here is
found by any reasonable extractor (only ASCII whitespace counts as a space: a
phrase never spans a no-break space, which some extractors keep):
  * .txt, .md: the file as UTF-8;
  * .html: the text of the page without script, style, noscript and template
    elements; the phrase must be found both when only block elements separate
    words (as jsoup's text() does) and when every tag does, so it never spans
    an inline tag such as <b> or <a>;
  * .pdf: `pdftotext -raw -enc UTF-8` (poppler-utils): the text in the order
    of the page's content stream, with hyphenated line ends kept as they are
    (the default mode of PDFBox's PDFTextStripper reads the same way); the
    phrase must lie within one line of that output, so neither line-end
    hyphenation nor the way a reader joins lines can break it.
Exit code 0 when everything passes, 1 otherwise. Uses the standard library only.
"""

import argparse
import html.parser
import json
import os
import re
import subprocess
import sys
from collections import Counter

MIN_TOTAL = 100
MIN_PER_FILE = 15
MIN_WORDS, MAX_WORDS = 2, 8
MAX_COPIED_WORDS = 6
KEYS = {"question", "file", "answer_contains"}

SPACE = re.compile(r"[ \t\r\n\f\v]+")  # ASCII whitespace only: U+00A0 stays
WORD = re.compile(r"\w+")

BLOCK_TAGS = set(
    """address article aside blockquote body br caption dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html
    legend li main nav ol option p pre section table tbody td tfoot th thead
    title tr ul""".split()
)
SKIP_TAGS = {"script", "style", "noscript", "template"}


def collapse(text):
    return SPACE.sub(" ", text).strip()


class _HtmlText(html.parser.HTMLParser):
    def __init__(self, every_tag_splits):
        super().__init__(convert_charrefs=True)
        self.every_tag_splits = every_tag_splits
        self.parts = []
        self.skipping = 0

    def _boundary(self, tag):
        if self.every_tag_splits or tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skipping += 1
        self._boundary(tag)

    def handle_startendtag(self, tag, attrs):
        self._boundary(tag)

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS and self.skipping:
            self.skipping -= 1
        self._boundary(tag)

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_text(raw, every_tag_splits):
    parser = _HtmlText(every_tag_splits)
    parser.feed(raw)
    parser.close()
    return collapse("".join(parser.parts))


def pdf_lines(path):
    try:
        out = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", path, "-"],
            check=True, capture_output=True,
        ).stdout.decode("utf-8")
    except FileNotFoundError:
        sys.exit("error: pdftotext is not installed (apt-get install poppler-utils)")
    return [collapse(line) for line in out.splitlines()]


class Document:
    """The searchable views of one document's text, all casefolded."""

    def __init__(self, path):
        self.name = os.path.basename(path)
        ext = os.path.splitext(path)[1].lower()
        if ext in (".txt", ".md"):
            with open(path, encoding="utf-8") as f:
                text = collapse(f.read())
            self.views = [text]  # the phrase must be in every view
            self.lines = None
        elif ext in (".html", ".htm"):
            with open(path, encoding="utf-8") as f:
                raw = f.read()
            text = html_text(raw, every_tag_splits=False)
            self.views = [text, html_text(raw, every_tag_splits=True)]
            self.lines = None
        elif ext == ".pdf":
            lines = pdf_lines(path)
            text = " ".join(line for line in lines if line)
            self.views = [text]
            self.lines = [line.casefold() for line in lines]
        else:
            raise ValueError(f"unsupported document type: {self.name}")
        self.text = text
        self.views = [v.casefold() for v in self.views]
        self.words = [w.casefold() for w in WORD.findall(text)]
        self._ngrams = {
            tuple(self.words[i:i + MAX_COPIED_WORDS])
            for i in range(len(self.words) - MAX_COPIED_WORDS + 1)
        }

    def problems_with(self, phrase):
        p = phrase.casefold()
        problems = []
        for i, view in enumerate(self.views):
            n = view.count(p)
            if n == 0:
                what = "text" if i == 0 else "text with every tag as a word boundary"
                problems.append(f"not found in the {what}")
            elif n > 1 and i == 0:
                problems.append(f"found {n} times, not once")
        if self.lines is not None and not problems:
            if not any(p in line for line in self.lines):
                problems.append("not within one line of the PDF text")
        return problems

    def copied_run(self, question):
        words = [w.casefold() for w in WORD.findall(question)]
        for i in range(len(words) - MAX_COPIED_WORDS + 1):
            run = tuple(words[i:i + MAX_COPIED_WORDS])
            if run in self._ngrams:
                return " ".join(run)
        return None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", required=True, help="directory made by fetch-documents.sh")
    ap.add_argument("--questions", default=os.path.join(here, "questions.jsonl"))
    args = ap.parse_args()

    names = sorted(
        n for n in os.listdir(args.docs)
        if os.path.isfile(os.path.join(args.docs, n)) and not n.startswith(".")
    )
    if not names:
        sys.exit(f"error: no documents in {args.docs}")
    docs = {n: Document(os.path.join(args.docs, n)) for n in names}

    errors = []
    per_file = Counter()
    seen_questions = {}
    total = 0
    with open(args.questions, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"line {lineno}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: not JSON: {e}")
                continue
            if not isinstance(item, dict) or set(item) != KEYS or not all(
                isinstance(item[k], str) and item[k].strip() for k in KEYS
            ):
                errors.append(f"{where}: needs exactly the non-empty string keys {sorted(KEYS)}")
                continue
            total += 1
            q, name, phrase = item["question"], item["file"], item["answer_contains"]
            key = collapse(q).casefold()
            if key in seen_questions:
                errors.append(f"{where}: same question as line {seen_questions[key]}")
            seen_questions.setdefault(key, lineno)
            doc = docs.get(name)
            if doc is None:
                errors.append(f"{where}: unknown file {name!r}")
                continue
            per_file[name] += 1
            nwords = len(phrase.split())
            if not MIN_WORDS <= nwords <= MAX_WORDS:
                errors.append(f"{where}: answer_contains has {nwords} words: {phrase!r}")
            if phrase != collapse(phrase):
                errors.append(f"{where}: answer_contains has extra whitespace: {phrase!r}")
            for problem in doc.problems_with(collapse(phrase)):
                errors.append(f"{where}: {name}: {phrase!r} {problem}")
            run = doc.copied_run(q)
            if run:
                errors.append(f"{where}: question copies the document: {run!r}")

    if total < MIN_TOTAL:
        errors.append(f"{total} questions, fewer than {MIN_TOTAL}")
    for name in names:
        if per_file[name] < MIN_PER_FILE:
            errors.append(f"{name}: {per_file[name]} questions, fewer than {MIN_PER_FILE}")

    width = max(len(n) for n in names)
    for name in names:
        doc = docs[name]
        print(f"{name:<{width}}  {per_file[name]:>3} questions  {len(doc.text):>7} characters of text")
    print(f"{'total':<{width}}  {total:>3} questions")
    for e in errors:
        print("FAIL " + e)
    failed_lines = {e.split(":")[0] for e in errors if e.startswith("line ")}
    failed_totals = sum(1 for e in errors if not e.startswith("line "))
    # questions that passed; a count below its minimum is one more failure
    print(f"{total - len(failed_lines)} passed, {len(failed_lines) + failed_totals} failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
