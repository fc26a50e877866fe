"""The conversation engine under the window and the CLI, without Qt: one job per module.

* ``connection.py``  settings, environment and stored keys → a :class:`~.connection.Connection`
* ``http.py``        the one factory of ``httpx.Client``\\ s (proxy, extra CA, truststore, timeouts)
* ``sending.py``     sending a question with visible, cancelable retries
* ``probe.py``       Test connection: the built-in picture, sent and checked
* ``recording.py``   recording turns in the history (the question before the request goes out)
* ``command_line.py`` what ``ask`` and ``batch`` share: the settings' language, the context, this month's
  cost, remembering what relays taught

Layers: ``ui → workers → chat → (api | images | storage) → core``; the CLI sits above ``chat`` too. The package
imports nothing heavy on import (httpx, Pillow and keyring come with the first request).
"""
