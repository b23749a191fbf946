"""Intuit's limits per company (realm), kept across every process: 500 calls a minute and 10 at
once. A call takes a slot before it goes out and gives it back when it ends; a slot whose holder
died stops counting when the call would have timed out.

With `REDIS_URL` they are counted in Redis, in one round trip per call (a script: Redis runs it
alone, so calls at once never both take the last slot). Without it, in the connection's row and
`QuickBooksCallSlot` rows: single statements without a lock, so that workers calling at once
never wait on each other.
"""

import datetime
import functools
import random
import uuid

import redis
from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from integrations.quickbooks.models import QuickBooksCallSlot, QuickBooksConnection

CALLS_PER_MINUTE = 500
CALLS_AT_ONCE = 10
# A second longer than Intuit's minute, which starts when our first call reaches it, a moment
# after we counted it: calls at the very start of our next minute would land in its last one.
MINUTE_SECONDS = 61
REDIS_TIMEOUT_SECONDS = 5


def slot_lifetime_seconds() -> float:
    """How long a slot counts: past it the call has timed out, or its process died."""
    return 2 * settings.QBO_TIMEOUT_SECONDS


def call_slot_take(connection_id: int, *, lifetime: float | None = None) -> str | float:
    """A slot for one call of the connection's realm, or how many seconds to wait before asking
    again: until the next minute when this one's calls are spent, a moment when all ten are in
    use. `lifetime` (seconds) defaults to `slot_lifetime_seconds()`."""
    lifetime = slot_lifetime_seconds() if lifetime is None else lifetime
    if settings.REDIS_URL:
        return _redis_slot_take(connection_id, lifetime)
    return _database_slot_take(connection_id, lifetime)


def call_slot_give_back(connection_id: int, slot: str) -> None:
    if settings.REDIS_URL:
        _redis().zrem(_slots_key(connection_id), slot)
    else:
        QuickBooksCallSlot.objects.filter(pk=int(slot)).delete()


def calls_in_flight() -> int:
    """Slots of every realm that still count (a finished run should leave none)."""
    if settings.REDIS_URL:
        client = _redis()
        now_ms = _redis_now_ms(client)
        return sum(
            client.zcount(key, now_ms, "+inf") for key in client.scan_iter(match=_slots_key("*"))
        )
    return QuickBooksCallSlot.objects.filter(expires_at__gt=timezone.now()).count()


def _busy_wait() -> float:
    return random.uniform(0.05, 0.25)


def _database_slot_take(connection_id: int, lifetime: float) -> str | float:
    now = timezone.now()
    window = datetime.timedelta(seconds=MINUTE_SECONDS)
    new_window = Q(window_started_at__isnull=True) | Q(window_started_at__lte=now - window)
    counted = (
        QuickBooksConnection.objects.filter(pk=connection_id)
        .filter(new_window | Q(window_calls__lt=CALLS_PER_MINUTE))
        .update(
            window_started_at=Case(When(new_window, then=Value(now)), default="window_started_at"),
            window_calls=Case(When(new_window, then=Value(1)), default=F("window_calls") + 1),
        )
    )
    if not counted:
        started = (
            QuickBooksConnection.objects.filter(pk=connection_id)
            .values_list("window_started_at", flat=True)
            .get()
        )
        remaining = (started + window - now) if started else datetime.timedelta()
        return max(remaining.total_seconds(), 0.05) + random.uniform(0, 1)
    # Take a slot, then count: of calls starting at once, none goes beyond ten. A slot whose
    # time is up no longer counts, and goes.
    slots = QuickBooksCallSlot.objects.filter(connection_id=connection_id)
    slots.filter(expires_at__lte=now).delete()
    slot = QuickBooksCallSlot.objects.create(
        connection_id=connection_id,
        started_at=now,
        expires_at=now + datetime.timedelta(seconds=lifetime),
    )
    if slots.filter(expires_at__gt=now).count() > CALLS_AT_ONCE:
        slot.delete()
        QuickBooksConnection.objects.filter(pk=connection_id, window_calls__gt=0).update(
            window_calls=F("window_calls") - 1
        )
        return _busy_wait()
    return str(slot.pk)


# KEYS: the realm's slots (a sorted set: slot -> when it stops counting, in ms of Redis' clock),
# its calls this minute (a counter that expires with the minute). ARGV: slot, lifetime ms, calls
# per minute, calls at once, minute ms. Answers 0 (taken), -1 (all in use) or the ms left of a
# minute whose calls are spent.
_TAKE = """
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return -1 end
local calls = redis.call('INCR', KEYS[2])
if calls == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[5]) end
if calls > tonumber(ARGV[3]) then
  redis.call('DECR', KEYS[2])
  return math.max(redis.call('PTTL', KEYS[2]), 1)
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0
"""


@functools.cache
def _redis() -> redis.Redis:
    return redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
    )


@functools.cache
def _redis_take_script() -> "redis.commands.core.Script":
    return _redis().register_script(_TAKE)


def _slots_key(connection_id: int | str) -> str:
    return f"ontraccr:quickbooks:calls-in-flight:{connection_id}"


def _minute_key(connection_id: int) -> str:
    return f"ontraccr:quickbooks:calls-this-minute:{connection_id}"


def _redis_now_ms(client: redis.Redis) -> int:
    seconds, microseconds = client.time()
    return seconds * 1000 + microseconds // 1000


def _redis_slot_take(connection_id: int, lifetime: float) -> str | float:
    slot = uuid.uuid4().hex
    answer = _redis_take_script()(
        keys=[_slots_key(connection_id), _minute_key(connection_id)],
        args=[slot, round(lifetime * 1000), CALLS_PER_MINUTE, CALLS_AT_ONCE, MINUTE_SECONDS * 1000],
    )
    if answer == 0:
        return slot
    if answer == -1:
        return _busy_wait()
    return answer / 1000 + random.uniform(0, 1)
