"""The executable edition's analysis package: a 2025 study of Chinese public views of subnational partnerships.

Layers, each importing only from the ones above it in this list (see ARCHITECTURE.md):

* :mod:`paradiplomacy.errors`, :mod:`paradiplomacy.paths`, :mod:`paradiplomacy.numbers`: the ground floor
  (printed-number arithmetic, error types, where the book's files are);
* :mod:`paradiplomacy.data`: the data package, its rules and the claims registry;
* :mod:`paradiplomacy.methods`: reconstruction, GRIM, intervals, paired bounds;
* :mod:`paradiplomacy.paper`: one module per part of the article, each returning a results object;
* :mod:`paradiplomacy.replication`: the audit, the sensitivity sweep and the data provenance;
* :mod:`paradiplomacy.charts` beside them (Altair charts, used by the paper layer and the chapters).
"""
__version__ = "0.1.0"
