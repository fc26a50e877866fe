"""Background work for the window: QObject workers on QThreads, a bounded pool for small jobs.

Only plain data crosses threads: frozen dataclasses, bytes, ``QImage``.
"""
