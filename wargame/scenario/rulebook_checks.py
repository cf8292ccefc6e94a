"""Semantic checks of a rulebook after structural validation: unique ids, references,
ranges, effects, and every expression compiled against the names the rulebook defines."""

from __future__ import annotations

from wargame.scenario.bounce import bouncing
from wargame.scenario.models import Rulebook
from wargame.scenario.references import (
    BUILTIN_NUMBERS,
    Checked,
    actor_bindings,
    check_effects,
    namespace,
    principals,
    ref,
    rung_index,
    unique,
    warn_missing_urls,
)


def check_rulebook(rb: Rulebook) -> Checked:
    out = Checked()
    ns = namespace(rb)
    parties = [p.id for p in rb.parties]
    ps = principals(rb)
    states = {s.id: s for s in rb.states}
    moves = [m.id for m in rb.moves]
    sources = [s.id for s in rb.sources]

    for section, ids, what in (
        (("parties",), parties, "party"),
        (("ladder", "rungs"), [r.id for r in rb.ladder.rungs], "rung"),
        (("ladder", "firebreaks"), [f.id for f in rb.ladder.firebreaks], "firebreak"),
        (("states",), list(states) if len(states) == len(rb.states) else [s.id for s in rb.states], "state"),
        (("moves",), moves, "move"),
        (("mediators",), [m.id for m in rb.mediators], "mediator"),
        (("hazards",), [h.id for h in rb.hazards], "hazard"),
        (("sources",), sources, "source"),
        (("variables", "world"), [v.id for v in rb.variables.world], "variable"),
        (("variables", "team"), [v.id for v in rb.variables.team], "variable"),
        (("variables", "mediator"), [v.id for v in rb.variables.mediator], "variable"),
    ):
        unique(out, section, ids, what)
    if len(ps) < 2:
        out.error(("parties",), "a rulebook needs at least two principal parties")
    unique(out, ("mediation_styles",), [s.id for s in rb.mediation_styles], "style")

    # variables
    clash = set(BUILTIN_NUMBERS) | set(parties) | {m.id for m in rb.mediators} | {"state", "crossed"}
    for scope in ("world", "team", "mediator"):
        for i, var in enumerate(getattr(rb.variables, scope)):
            loc = ("variables", scope, i)
            if var.min >= var.max:
                out.error((*loc, "max"), f"max ({var.max}) must be greater than min ({var.min})")
            elif not var.min <= var.default <= var.max:
                out.error((*loc, "default"), f"default {var.default} is outside {var.min}..{var.max}")
            if var.integer and any(x != int(x) for x in (var.min, var.max, var.default)):
                out.error((*loc, "default"), "an integer variable needs whole min, max and default")
            if scope == "world" and var.id in clash:
                out.error((*loc, "id"), f"'{var.id}' is already a built-in, party or mediator name")
            if var.private and scope != "team":
                out.error((*loc, "private"), "only team variables can be private")
    overlap = {v.id for v in rb.variables.team} & {v.id for v in rb.variables.mediator}
    for i, var in enumerate(rb.variables.mediator):
        if var.id in overlap:
            out.error(("variables", "mediator", i, "id"), f"'{var.id}' is also a team variable; names must differ")

    # ladder
    firebreaks = [f.id for f in rb.ladder.firebreaks]
    used_fb: set[str] = set()
    for i, rung in enumerate(rb.ladder.rungs):
        if rung.firebreak is not None:
            if i == 0:
                out.error(("ladder", "rungs", 0, "firebreak"), "the lowest rung cannot be behind a firebreak")
            if ref(out, ("ladder", "rungs", i, "firebreak"), rung.firebreak, firebreaks, "firebreak"):
                if rung.firebreak in used_fb:
                    out.error(
                        ("ladder", "rungs", i, "firebreak"), f"firebreak '{rung.firebreak}' already guards a lower rung"
                    )
                used_fb.add(rung.firebreak)
    for i, fb in enumerate(rb.ladder.firebreaks):
        if fb.id not in used_fb:
            out.warn(("ladder", "firebreaks", i, "id"), f"firebreak '{fb.id}' guards no rung")

    # states and transitions
    ref(out, ("initial_state",), rb.initial_state, states, "state")
    if ref(out, ("timeout_state",), rb.timeout_state, states, "state") and states[rb.timeout_state].end != "timeout":
        out.error(("timeout_state",), f"state '{rb.timeout_state}' must have `end: timeout`")
    if rb.initial_state in states and states[rb.initial_state].end:
        out.error(("initial_state",), "the initial state cannot be terminal")
    reachable = {rb.initial_state, rb.timeout_state}
    for i, tr in enumerate(rb.transitions):
        loc = ("transitions", i)
        for j, src in enumerate(tr.source):
            if ref(out, (*loc, "source", j), src, states, "state") and states[src].end:
                out.error((*loc, "source", j), f"'{src}' is terminal (end: {states[src].end}); nothing leaves it")
        if ref(out, (*loc, "dest"), tr.dest, states, "state"):
            reachable.add(tr.dest)
        out.add_expression(f"transitions.{i}.when", (*loc, "when"), tr.when, ns)
    for cyc in bouncing(rb, out.expressions):
        names = " → ".join(f"{rb.transitions[i].trigger}" for i in cyc)
        out.warn(
            ("transitions", cyc[0], "when"),
            f"transitions {names} form a cycle whose conditions can all hold at once: the crisis could bounce "
            "round it within one turn (the engine leaves each state at most once per turn)",
        )
    for i, st in enumerate(rb.states):
        if st.id not in reachable:
            out.warn(("states", i, "id"), f"no transition enters state '{st.id}'")

    # moves
    offers = set()
    for i, mv in enumerate(rb.moves):
        loc = ("moves", i)
        for j, actor in enumerate(mv.actors):
            ref(out, (*loc, "actors", j), actor, parties, "party")
        if mv.rung_to is not None:
            rung_index(out, (*loc, "rung_to"), mv.rung_to, rb)
        if mv.style and mv.category != "mediation":
            out.error((*loc, "style"), "only mediation moves make offers with a style")
        if mv.style:
            offers.add(mv.style)
        if mv.historical:
            for j, src in enumerate(mv.historical.sources):
                ref(out, (*loc, "historical", "sources", j), src, sources, "source")
        all_principal = all(a in ps for a in mv.actors)
        context = "actor" if all_principal else "chooser"
        check_effects(out, (*loc, "effects"), mv.effects, rb, context)
        if mv.outcome:
            check_effects(out, (*loc, "outcome", "success"), mv.outcome.success, rb, context)
            check_effects(out, (*loc, "outcome", "failure"), mv.outcome.failure, rb, context)
        for actor in mv.actors:
            if actor not in parties:
                continue
            bound = ns.bind(actor_bindings(rb, actor))
            out.add_expression(f"moves.{mv.id}.precondition@{actor}", (*loc, "precondition"), mv.precondition, bound)
            if mv.outcome:
                out.add_expression(f"moves.{mv.id}.odds@{actor}", (*loc, "outcome", "odds"), mv.outcome.odds, bound)

    # mediation
    styles = {s.id for s in rb.mediation_styles}
    for i, st in enumerate(rb.mediation_styles):
        check_effects(out, ("mediation_styles", i, "on_accept"), st.on_accept, rb, "actor")
        check_effects(out, ("mediation_styles", i, "on_reject"), st.on_reject, rb, "actor")
    for i, med in enumerate(rb.mediators):
        loc = ("mediators", i)
        if med.party is not None and ref(out, (*loc, "party"), med.party, parties, "party") and med.party in ps:
            out.error((*loc, "party"), f"'{med.party}' is a principal; a mediator must be a third party")
        for style in med.styles:
            if style not in styles:
                out.error((*loc, "styles", style), f"style '{style}' has no entry in mediation_styles", key=True)
        for key in ("leverage", "alignment"):
            for p in getattr(med, key):
                if p not in ps:
                    ref(out, (*loc, key, p), p, ps, "principal party", key=True)
        missing = [p for p in ps if p not in med.leverage]
        if missing:
            out.error((*loc, "leverage"), f"leverage over {', '.join(missing)} is missing")
        out.add_expression(
            f"mediators.{med.id}.probability", (*loc, "activation", "probability"), med.activation.probability, ns
        )
        if med.activation.hard_trigger:
            out.add_expression(
                f"mediators.{med.id}.hard_trigger",
                (*loc, "activation", "hard_trigger"),
                med.activation.hard_trigger,
                ns,
            )
        for j, h in enumerate(med.historical):
            for k, src in enumerate(h.sources):
                ref(out, (*loc, "historical", j, "sources", k), src, sources, "source")
    for style in offers - styles:
        out.error(("mediation_styles",), f"moves offer style '{style}' but mediation_styles does not define it")

    warn_missing_urls(out, rb.sources)
    for i, note in enumerate(rb.teaching):
        for j, src in enumerate(note.sources):
            ref(out, ("teaching", i, "sources", j), src, sources, "source")
    check_effects(out, ("adjudication", "misperception_effects"), rb.adjudication.misperception_effects, rb, "actor")

    # hazards
    for i, hz in enumerate(rb.hazards):
        loc = ("hazards", i)
        check_effects(out, (*loc, "effects"), hz.effects, rb, "actor")
        for p in ps:
            out.add_expression(
                f"hazards.{hz.id}.probability@{p}",
                (*loc, "probability"),
                hz.probability,
                ns.bind(actor_bindings(rb, p)),
            )
        if hz.historical:
            for k, src in enumerate(hz.historical.sources):
                ref(out, (*loc, "historical", "sources", k), src, sources, "source")
    return out
