"""The classroom protocol: JSON messages over a websocket, one pydantic model per message.

Every message refuses unknown fields and is told apart by its `type`. A client opens with
`Hello` (a join code, or `public`), the server answers `Welcome` then a `State` — the full
snapshot of that client's own view, numbered with the session's version and the server's
frame number — and after every change a `Patch` from that frame to the next (only what
changed; see `wargame.net.patch`). A client whose frame is not the patch's base (a gap) asks
for a full snapshot with `Resync`; a reconnecting client always gets one. Requests
(`Submit`, `Share`, `Facilitate`) carry a request id and are answered by an `Ack` or an
`Error` with the same id. A submission also carries its turn, so a resend after a dropped
connection is acknowledged, never applied twice.

Fog of war is the server's job: a team's `State` (and so every patch to it) holds only its
`TeamView`, its results and its team's shared draft; the facilitator's holds the `FacilitatorView` and who is connected;
the projector's the `PublicView`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from wargame.session import views as v

MAX_FRAME = 256 * 1024
"""Largest frame a server or client accepts (bytes); a bigger one closes that connection."""
PROTOCOL = 5
"""2: the clock says whether it is running (clients count it down); presence lists bot clients.
3: after the first snapshot the server sends patches (`Patch`); a client may ask to `Resync`.
4: a patch's path may go on into an item of a list of views (its position) or an entry of a dict (its key).
5: a `Share` may name the `parts` of the draft its member changed (the server merges only those) and
   the turn it was written in (a late one is not kept);
   a turn's events are sent once: `results` names them by index in the view's `events`; the
   debrief follows the update that ends the game, in a patch of its own."""

Role = Literal["team", "facilitator", "public"]
Verb = Literal[
    "fire",
    "hold",
    "override",
    "adjust",
    "undo",
    "rewind",
    "pause",
    "resume",
    "seat",
    "clock",
    "extend",
    "fallback",
    "end_turn",
]


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------------- client → server
class Hello(Message):
    """The first message of a connection: a join code, or `public` for the projector."""

    type: Literal["hello"] = "hello"
    protocol: int = PROTOCOL
    code: str | None = Field(default=None, max_length=64)
    public: bool = False
    version: int = 0
    """The last version this client holds (0: none); the answer is always a full snapshot."""
    client: str = Field(default="", max_length=80)
    """What the client is (`tui`, `bot:hawk`, …), shown to the facilitator."""


class Submit(Message):
    """A team's orders for a turn: once per team per turn; a resend of the same request id is
    acknowledged as a duplicate."""

    type: Literal["submit"] = "submit"
    request_id: str = Field(min_length=1, max_length=64)
    turn: int
    draft: v.Draft
    game_id: str | None = Field(default=None, max_length=4000)
    turns_played: int | None = None
    """The game and the turns played when the orders were written: orders written before an
    undo or a rewind are refused, even when the turn number matches again."""


class Share(Message):
    """A team member's draft in progress, shown to the other members of the team."""

    type: Literal["share"] = "share"
    request_id: str = Field(min_length=1, max_length=64)
    draft: v.Draft
    parts: list[Annotated[str, Field(max_length=200)]] | None = Field(default=None, max_length=256)
    """The parts of the draft this member changed (`orders`, `why`, `answers/OFFER`, `choices/INJECT`;
    see `wargame.net.drafts`): the server takes only those into the team's draft, so members editing
    different parts do not undo each other. None: the whole draft."""
    game_id: str | None = Field(default=None, max_length=4000)
    turns_played: int | None = None
    """The game and the turns played when the draft was written: a share that arrives after the
    turn moved on (it was sent in the background) is acknowledged and not kept."""


class Facilitate(Message):
    """A facilitator verb. Which fields a verb needs: fire/hold `inject`; override `team`,
    `move`, `success`, `reason`; adjust `name`, `value`, `reason`; rewind `turn`; seat `team`,
    `seat` (`human` or `bot:POLICY`); clock `minutes` (0: no clock); extend `minutes`;
    fallback `team`, `seat` (what plays an unsubmitted seat when the clock runs out: `none` or
    `bot:POLICY`); end_turn: adjudicate now, as if the clock had run out."""

    type: Literal["facilitate"] = "facilitate"
    request_id: str = Field(min_length=1, max_length=64)
    verb: Verb
    inject: str | None = Field(default=None, max_length=120)
    team: str | None = Field(default=None, max_length=120)
    move: str | None = Field(default=None, max_length=120)
    success: bool | None = None
    reason: str | None = Field(default=None, max_length=2000)
    name: str | None = Field(default=None, max_length=120)
    value: float | None = None
    turn: int | None = None
    seat: str | None = Field(default=None, max_length=120)
    minutes: float | None = Field(default=None, ge=0, le=24 * 60)


class Resync(Message):
    """Send me a full snapshot of my view (a patch did not fit the frame I hold)."""

    type: Literal["resync"] = "resync"


ClientMessage = Annotated[Hello | Submit | Share | Facilitate | Resync, Field(discriminator="type")]
CLIENT = TypeAdapter(ClientMessage)


# ---------------------------------------------------------------------- server → client
class Welcome(Message):
    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL
    role: Role
    team: str | None
    """The team the code belongs to (role `team`)."""
    title: str
    teams: dict[str, str]
    """team id → name."""
    game_id: str


class Clock(Message):
    minutes: float | None
    """The turn clock's length (None: no clock)."""
    remaining: float | None
    """Seconds left this turn when the server sent this message (None: no clock)."""
    running: bool = False
    """Whether the clock is counting down (False while paused): a client shows `remaining` minus
    the time since this message arrived, every second, until the next message."""
    fallback: dict[str, str]
    """team → what plays it if its orders are not in when the clock runs out (`none` or `bot:POLICY`)."""


class Presence(Message):
    """Who is connected: the facilitator's list."""

    who: str
    """A team id, `@facilitator` or `@public`."""
    name: str
    clients: int
    bot_clients: list[str] = []
    """The policies of the `wargame join --bot` clients among them (they play the seat as people would)."""
    seat: str | None
    submitted: bool


class State(Message):
    """A full snapshot of one client's own view at `version`."""

    type: Literal["state"] = "state"
    version: int
    frame: int = 0
    """The server's number of this snapshot (a `Patch` names the frame it applies to)."""
    game_id: str
    turns_played: int
    situation: v.Situation
    seats: dict[str, str]
    submitted: list[str]
    clock: Clock
    team: v.TeamView | None = None
    shared: v.Draft | None = None
    """The team's draft in progress, as last shared by one of its members."""
    results: list[int] = []
    """What this audience saw happen in the last adjudicated turn: the indices (`EventView.index`)
    of those events in its view's `events`, which carry them (see `turn_results`)."""
    facilitator: v.FacilitatorView | None = None
    connected: list[Presence] | None = None
    public: v.PublicView | None = None
    debrief: v.DebriefView | None = None
    """Once the game is over: the server sends it in a patch of its own just after the update
    that ends the game (every client gets the results first; the debrief is read later)."""
    notices: list[str] = []
    """Recent notices for this audience (clock expiries, seat changes)."""

    def turn_results(self) -> list[v.EventView]:
        """The events of the last adjudicated turn (`results`), from this audience's view."""
        view = self.team or self.public or self.facilitator
        wanted = set(self.results)
        return [e for e in view.events if e.index in wanted] if view is not None and wanted else []


class PatchOp(Message):
    path: list[Annotated[str, Field(max_length=64)]] = Field(min_length=1, max_length=4)
    """Field names from the snapshot down through nested views, list positions and dict keys."""
    op: Literal["set", "append"]
    value: Any
    """The new value (`set`) or the items added at the end of a list (`append`), checked by the
    client against the field's type."""


class Patch(Message):
    """What changed in this audience's view from frame `base` to frame `frame`."""

    type: Literal["patch"] = "patch"
    base: int
    frame: int
    version: int
    ops: list[PatchOp]


class Ack(Message):
    type: Literal["ack"] = "ack"
    request_id: str
    receipt: v.Receipt | None = None
    note: str = ""


class Error(Message):
    """A refused request, a malformed frame or a refused join (the connection is then closed)."""

    type: Literal["error"] = "error"
    request_id: str | None = None
    message: str
    fatal: bool = False


ServerMessage = Annotated[Welcome | State | Patch | Ack | Error, Field(discriminator="type")]
SERVER = TypeAdapter(ServerMessage)


def encode(message: Message) -> str:
    return message.model_dump_json()
