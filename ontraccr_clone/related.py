"""Related rows a caller already holds, handed to Django as if prefetched."""

from collections.abc import Iterable

from django.db.models import Model


def related_known(instance: Model, name: str, objects: Iterable[Model]) -> None:
    """Say that `instance.<name>` (a reverse foreign key) holds exactly `objects`, as
    `prefetch_related` would: reading it, counting it or prefetching it again costs no query.
    For rows just written, whose relations the writer knows (a new submission has no revisions)."""
    queryset = getattr(instance, name).all()  # lazy: no query
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
