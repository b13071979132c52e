"""Do emergent theme names say what their comments are about? A reader decides, blind.

`--sheet` writes a judging sheet (`voices.themes.judged_names`: for every theme found on FFT v6
and on the themes blind set, five of its comments and two names, phrases and the older terms, in
random order). A reader who has not seen the naming code marks each name yes or no: does it say what
these comments are about? `--judgements` reads those marks back beside the sheet and prints, per
dataset and per kind of name, how many were judged to say so.

    .venv/bin/python bench/bench_theme_names.py --sheet bench/theme_names/sheet.jsonl
    .venv/bin/python bench/bench_theme_names.py --judgements bench/theme_names/judgements.jsonl

Judgements name the sheet's item and name ids, so they stay tied to the names judged: when naming
changes, `tests/themes/test_theme_names_judged.py` fails until a reader judges the new sheet.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from voices.themes.judged_names import judged_shares, make_sheet, read_judgements, read_sheet, write_sheet


def print_shares(shares: dict[tuple[str, str], tuple[int, int]]) -> None:
    table = Table(title="Theme names a blind reader judged to say what five of their comments are about")
    for column in ("dataset", "names", "judged yes", "share", "target"):
        table.add_column(column, justify="right" if column in {"judged yes", "share"} else "left")
    for (dataset, kind), (yes, total) in sorted(shares.items()):
        target = ">= 0.80" if kind == "phrases" else "(before)"
        table.add_row(dataset, kind, f"{yes} of {total}", f"{yes / total:.2f}", target)
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheet", type=Path, help="write the judging sheet here")
    parser.add_argument("--judgements", type=Path, help="score these judgements against the sheet beside them")
    parser.add_argument("--seed", type=int, default=0, help="of the discovery and of the comments drawn")
    args = parser.parse_args()
    if args.sheet:
        items = make_sheet(args.seed)
        write_sheet(items, args.sheet)
        print(f"{len(items)} themes written to {args.sheet}")
    if args.judgements:
        items = read_sheet(args.judgements.with_name("sheet.jsonl"))
        print_shares(judged_shares(items, read_judgements(args.judgements)))


if __name__ == "__main__":
    main()
