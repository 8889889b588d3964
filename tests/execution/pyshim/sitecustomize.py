"""Point the real analytics SDKs at the execution-test capture server.

Python imports ``sitecustomize`` at start-up when it is on ``sys.path``; the execution tests run
programs with ``PYTHONPATH=<this directory>`` so the program under test stays untouched. Nothing
happens unless ``SEGCODEMOD_CAPTURE_URL`` (e.g. ``http://127.0.0.1:41234``, no trailing path) is
set. Then, as each SDK module is imported, this file patches it:

* ``segment.analytics.client`` (segment-analytics-python) and ``analytics.client``
  (analytics-python, legacy): every ``Client(...)`` gets ``host=<capture>`` whatever the program
  passed, a 50 ms upload interval, at most 3 retries, and an ``atexit`` flush that runs before
  the SDK's own ``atexit`` ``join()`` (the SDK's join only stops the consumer thread; it does
  not drain the queue, see ``README.md``). If the program stopped the consumer itself
  (``join()`` without ``flush()``), the leftover queue is uploaded from the exiting thread.
  The module-level ``host`` setting is set too.
* ``amplitude.config`` (amplitude-analytics): ``Config.server_url`` always answers
  ``<capture>/2/httpapi`` (``<capture>/batch`` with ``use_batch=True``) and new ``Config``
  objects get ``flush_interval_millis`` of at most 50 ms. The SDK itself flushes at exit
  (``threading._register_atexit(shutdown)``).
* ``mparticle.configuration`` / ``mparticle.api_client`` (PyPI ``mparticle``): the default
  ``Configuration().host`` is ``<capture>/v2`` and every ``ApiClient`` posts there. Uploads are
  synchronous, so nothing needs flushing.

Set ``SEGCODEMOD_SHIM_NO_EXIT_FLUSH=1`` to leave out the extra ``atexit`` flush for Segment
(used to show why it is needed). Another ``sitecustomize`` further down ``sys.path`` is still run.
"""

from __future__ import annotations

import atexit
import functools
import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import os
import sys

CAPTURE_URL = os.environ.get("SEGCODEMOD_CAPTURE_URL", "").rstrip("/")
FLUSH_INTERVAL_S = 0.05
MAX_RETRIES = 3


# --------------------------------------------------------------------------------------------
# patches, keyed by module name; each gets the freshly executed module
# --------------------------------------------------------------------------------------------
def _patch_segment_client_module(module) -> None:
    client_cls = getattr(module, "Client", None)
    if (
        client_cls is None
        or not hasattr(client_cls, "DefaultConfig")
        or getattr(client_cls, "_segcodemod", False)
    ):
        return
    original_init = client_cls.__init__
    signature = inspect.signature(original_init)
    params = signature.parameters

    @functools.wraps(original_init)
    def __init__(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        arguments = bound.arguments
        arguments["host"] = CAPTURE_URL
        for name, limit in (("upload_interval", FLUSH_INTERVAL_S), ("max_retries", MAX_RETRIES)):
            if name in params:
                given = arguments.get(name, params[name].default)
                if isinstance(given, (int, float)):
                    arguments[name] = min(given, limit)
        original_init(*bound.args, **bound.kwargs)
        # The SDK registered atexit(self.join) in __init__ (async mode only); atexit runs
        # handlers last-in first-out, so this runs before that join.
        if getattr(self, "consumers", None) and getattr(self, "send", True) and not _NO_EXIT_FLUSH:
            atexit.register(_exit_flush, self)

    client_cls.__init__ = __init__
    client_cls._segcodemod = True


def _exit_flush(client) -> None:
    """Deliver what is still queued when the program exits (the SDK's own join() does not)."""
    consumers = list(client.consumers or [])
    if any(c.is_alive() and getattr(c, "running", False) for c in consumers):
        client.flush()  # the consumer thread drains the queue
        return
    # The program already stopped the consumer (join()/shutdown()): upload from this thread.
    for consumer in consumers[:1]:
        while not client.queue.empty():
            consumer.upload()


def _patch_segment_package(module) -> None:
    # module-level settings read by the lazily created default client
    client_cls = getattr(module, "Client", None)
    if hasattr(module, "host") and hasattr(client_cls, "DefaultConfig"):
        module.host = CAPTURE_URL


def _patch_amplitude_config(module) -> None:
    config_cls = getattr(module, "Config", None)
    if config_cls is None or getattr(config_cls, "_segcodemod", False):
        return
    original_prop = config_cls.server_url

    def _get(self):
        return CAPTURE_URL + ("/batch" if getattr(self, "use_batch", False) else "/2/httpapi")

    config_cls.server_url = property(
        _get, original_prop.fset, original_prop.fdel, original_prop.__doc__
    )
    original_init = config_cls.__init__

    @functools.wraps(original_init)
    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        interval = getattr(self, "flush_interval_millis", None)
        if isinstance(interval, (int, float)) and interval > FLUSH_INTERVAL_S * 1000:
            self.flush_interval_millis = int(FLUSH_INTERVAL_S * 1000)

    config_cls.__init__ = __init__
    config_cls._segcodemod = True


def _patch_mparticle_configuration(module) -> None:
    cfg_cls = getattr(module, "Configuration", None)
    if cfg_cls is None or getattr(cfg_cls, "_segcodemod", False):
        return
    original_init = cfg_cls.__init__

    @functools.wraps(original_init)
    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.host = CAPTURE_URL + "/v2"

    cfg_cls.__init__ = __init__
    cfg_cls._segcodemod = True


def _patch_mparticle_api_client(module) -> None:
    api_cls = getattr(module, "ApiClient", None)
    if api_cls is None or getattr(api_cls, "_segcodemod", False):
        return
    original_init = api_cls.__init__

    @functools.wraps(original_init)
    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.host = CAPTURE_URL + "/v2"

    api_cls.__init__ = __init__
    api_cls._segcodemod = True


_PATCHES = {
    "segment.analytics.client": _patch_segment_client_module,
    "segment.analytics": _patch_segment_package,
    "analytics.client": _patch_segment_client_module,
    "analytics": _patch_segment_package,
    "amplitude.config": _patch_amplitude_config,
    "mparticle.configuration": _patch_mparticle_configuration,
    "mparticle.api_client": _patch_mparticle_api_client,
}
_NO_EXIT_FLUSH = os.environ.get("SEGCODEMOD_SHIM_NO_EXIT_FLUSH", "") not in ("", "0")


# --------------------------------------------------------------------------------------------
# import hook: run the patch right after the target module's body executed
# --------------------------------------------------------------------------------------------
class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader, patch):
        self._loader = loader
        self._patch = patch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._patch(module)

    def __getattr__(self, name):  # get_code, get_source, is_package, ...
        return getattr(self._loader, name)


class _PatchingFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        patch = _PATCHES.get(fullname)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _PatchingLoader(spec.loader, patch)
        return spec


def _install() -> None:
    sys.meta_path.insert(0, _PatchingFinder())
    for name, patch in _PATCHES.items():  # already imported (unlikely this early)
        if name in sys.modules:
            patch(sys.modules[name])


def _chain_next_sitecustomize() -> None:
    """Run a ``sitecustomize`` that this file shadows, if there is one."""
    here = os.path.dirname(os.path.abspath(__file__))
    for entry in sys.path:
        if not entry or os.path.abspath(entry) == here:
            continue
        spec = importlib.machinery.PathFinder.find_spec("sitecustomize", [entry])
        if (
            spec is not None
            and spec.loader is not None
            and spec.origin != os.path.abspath(__file__)
        ):
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return


if CAPTURE_URL:
    _install()
_chain_next_sitecustomize()
