"""Compiling a LaTeX document with pdflatex, when it is installed."""

import os
import shutil
import subprocess
import tempfile


def have_pdflatex():
    return shutil.which("pdflatex") is not None


def compile_pdf(latex, pdf_path, timeout=120):
    """Write ``pdf_path`` from the LaTeX source ``latex``; raise RuntimeError on failure.

    pdflatex runs twice in a temporary folder; the PDF is moved into place only when
    it compiled, so a failed run leaves nothing half-written.
    """
    if not have_pdflatex():
        raise RuntimeError("pdflatex is not installed (Debian/Ubuntu: apt-get install "
                           "texlive-latex-base); the Markdown and HTML sheets are written.")
    with tempfile.TemporaryDirectory(prefix="glassnet-latex-") as folder:
        with open(os.path.join(folder, "doc.tex"), "w", encoding="utf-8") as f:
            f.write(latex)
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                              "doc.tex"], cwd=folder, capture_output=True, text=True,
                             timeout=timeout)
        if run.returncode != 0:
            errors = [line for line in run.stdout.splitlines() if line.startswith("!")]
            raise RuntimeError(f"pdflatex could not compile {os.path.basename(pdf_path)}: "
                               f"{'; '.join(errors[:3]) or run.stdout[-300:]}")
        shutil.move(os.path.join(folder, "doc.pdf"), pdf_path)
