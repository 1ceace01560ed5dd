"""Diffing textual revisions of a TEI document: what changed in the text, and what only in the encoding.

``diff_trees(old, new)`` (or ``diff_documents`` of two loaded ``Document``) is a pure function
from two parsed trees to a ``DiffResult``: a tuple of ``Change`` values (see ``model``) and
word-diff views of the changed units. The modules, in the order the data flows:

* ``units``    -- a tree as units of text (paragraphs, notes, register entries, header fields),
  the elements inside them, and the skeleton around them;
* ``align``    -- units paired across revisions by ``xml:id``, else by content; splits, merges, moves;
* ``words``    -- word-level diff of aligned text and the offset map it gives;
* ``encoding`` -- markup compared through that map: elements added, removed, renamed; attributes;
* ``compare``  -- the diff, putting the above together;
* ``render``   -- text (terminal), HTML, JSON and TEI ``listChange`` output;
* ``sources``  -- reading each side from a file or a git revision, with problems as ``DiffError``;
* ``generate`` -- known random edits of a document, for the accuracy tests and benchmark.
"""

from .compare import diff_documents, diff_trees
from .model import Change, DiffResult

__all__ = ["Change", "DiffResult", "diff_documents", "diff_trees"]
