"""A tiny document model for sheets and keys, rendered as Markdown, HTML or LaTeX.

A document is a list of blocks; text is a list of parts, each a plain ``str`` or a
``Sym`` (math: its ``.text`` in Markdown/HTML, ``$.latex$`` in LaTeX):

- ``("h1", parts)``, ``("h2", parts)``: headings;
- ``("p", parts)``: a paragraph; ``("ol", [parts, ...])``: a numbered list;
- ``("table", [header parts...], [[cell parts...], ...])``;
- ``("pre", "text")``: verbatim lines (an answer file to copy);
- ``("raw", {"markdown": ..., "html": ..., "latex": ...})``: a ready-made block.
"""

import html

from ..explanation._format import latex_text
from ..explanation.formulas import Sym

_LATEX_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb}
\setcounter{MaxMatrixCols}{30}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5em}
\begin{document}
"""


def _parts(parts, fmt):
    if isinstance(parts, (str, Sym)):
        parts = [parts]
    out = []
    for p in parts:
        if isinstance(p, Sym):
            out.append(f"${p.latex}$" if fmt == "latex" else
                       html.escape(p.text) if fmt == "html" else p.text)
        else:
            out.append(latex_text(p) if fmt == "latex" else
                       html.escape(p) if fmt == "html" else p)
    return "".join(out)


def to_markdown(blocks):
    lines = []
    for kind, *rest in blocks:
        if kind in ("h1", "h2"):
            lines += ["#" * int(kind[1]) + " " + _parts(rest[0], "md"), ""]
        elif kind == "p":
            lines += [_parts(rest[0], "md"), ""]
        elif kind == "ol":
            lines += [f"{i}. {_parts(item, 'md')}" for i, item in enumerate(rest[0], 1)] + [""]
        elif kind == "table":
            header, rows = rest
            cell = lambda c: _parts(c, "md").replace("|", "\\|")  # noqa: E731
            lines += ["| " + " | ".join(cell(c) for c in header) + " |",
                      "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows] + [""]
        elif kind == "pre":
            lines += ["```", rest[0].rstrip("\n"), "```", ""]
        elif kind == "raw":
            lines += [rest[0]["markdown"], ""]
    return "\n".join(lines)


def html_body(blocks):
    """The blocks as an HTML fragment (no <html> around it)."""
    body = []
    for kind, *rest in blocks:
        if kind in ("h1", "h2"):
            body.append(f"<{kind}>{_parts(rest[0], 'html')}</{kind}>")
        elif kind == "p":
            body.append(f"<p>{_parts(rest[0], 'html')}</p>")
        elif kind == "ol":
            items = "".join(f"<li>{_parts(item, 'html')}</li>" for item in rest[0])
            body.append(f"<ol>{items}</ol>")
        elif kind == "table":
            header, rows = rest
            head = "".join(f"<th>{_parts(c, 'html')}</th>" for c in header)
            cells = "".join("<tr>" + "".join(f"<td>{_parts(c, 'html')}</td>" for c in row)
                            + "</tr>" for row in rows)
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>")
        elif kind == "pre":
            body.append(f"<pre>{html.escape(rest[0])}</pre>")
        elif kind == "raw":
            body.append(rest[0]["html"])
    return "\n".join(body)


def to_html(blocks, title=""):
    """A standalone HTML page."""
    style = ("body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.5}"
             "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2em .6em}"
             "pre{background:#f4f4f4;padding:.6em}")
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(title)}"
            f"</title><style>{style}</style></head><body>\n" + html_body(blocks)
            + "\n</body></html>\n")


def to_latex(blocks):
    body = []
    for kind, *rest in blocks:
        if kind == "h1":
            body.append(rf"\section*{{{_parts(rest[0], 'latex')}}}")
        elif kind == "h2":
            body.append(rf"\subsection*{{{_parts(rest[0], 'latex')}}}")
        elif kind == "p":
            body.append(_parts(rest[0], "latex") + r"\par")
        elif kind == "ol":
            items = "\n".join(rf"\item {_parts(item, 'latex')}" for item in rest[0])
            body.append("\\begin{enumerate}\n" + items + "\n\\end{enumerate}")
        elif kind == "table":
            header, rows = rest
            lines = [" & ".join(_parts(c, "latex") for c in header) + r" \\ \hline"]
            lines += [" & ".join(_parts(c, "latex") for c in row) + r" \\" for row in rows]
            body.append("\\begin{tabular}{" + "l" * len(header) + "}\n" + "\n".join(lines)
                        + "\n\\end{tabular}\\par")
        elif kind == "pre":
            body.append("\\begin{verbatim}\n" + rest[0].rstrip("\n") + "\n\\end{verbatim}")
        elif kind == "raw":
            body.append(rest[0]["latex"])
    return _LATEX_PREAMBLE + "\n\n".join(body) + "\n\\end{document}\n"
