"""Grouping a library's mentions into canonical entities.

Rules, in order: the library's alias overrides (ignore, rename, retype, merge, split); the
built-in abbreviation table (`US` = `United States`); for people, full names that are spellings
of one name merge ("Sergei"/"Sergey Lavrov"), and a surname alone joins the full name in the
same article, else the only library person with a matching surname; an organisation's last
word alone ("United" after "Manchester United") is that organisation in its article, when no
other organisation there ends in it; everything else groups by its normalised name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from operator import itemgetter

from index.entities.aliases import AliasOverrides
from index.entities.gazetteers import is_demonym, places
from index.entities.known import KNOWN_NAMES, name_key
from index.entities.names import PersonName, same_person, split_person_name, surnames_match
from index.models import Mention

MentionKey = tuple[str, int, int]  # (article_id, block, start)


@dataclass(eq=False)
class CanonicalEntity:
    """One real-world entity: its display name, type, surface forms and roles."""

    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    mention_count: int = 0
    article_ids: set[str] = field(default_factory=set)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        """Pickle as a constructor call: a reader process sends thousands per batch, and
        the default (an empty object, then its __dict__) took ~9 µs each to restore."""
        return (CanonicalEntity, tuple(getattr(self, f.name) for f in fields(self)))


@dataclass
class Resolution:
    """Canonical entities and, per mention (article_id, block, start), its entity's index."""

    entities: list[CanonicalEntity]
    assignments: dict[MentionKey, int]

    def entity_for(self, article_id: str, block: int, start: int) -> CanonicalEntity | None:
        """The canonical entity of the mention at that place, if it has one."""
        index = self.assignments.get((article_id, block, start))
        return None if index is None else self.entities[index]


@dataclass
class _Cluster:
    type_votes: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    members: list[MentionKey] = field(default_factory=list)
    written: set[str] = field(default_factory=set)  # surfaces as found, before overrides


def clean_surface(text: str) -> str:
    """A mention's text without possessive or surrounding space: "Russia’s" -> "Russia"."""
    text = " ".join(text.split())
    if text.endswith(("'s", "’s")) and len(text) > 2:
        text = text[:-2]
    return text


def resolve(
    article_mentions: dict[str, list[tuple[int, Mention]]],
    overrides: AliasOverrides | None = None,
    roles: dict[MentionKey, str] | None = None,
) -> Resolution:
    """Resolve every mention of the library to a canonical entity (see module docstring)."""
    overrides = overrides or AliasOverrides()
    roles = roles or {}
    clusters: dict[tuple[str, ...], _Cluster] = defaultdict(_Cluster)
    written_by_key: dict[MentionKey, str] = {}
    people: dict[str, list[tuple[MentionKey, str, PersonName]]] = defaultdict(list)
    short_members: set[MentionKey] = set()
    for article_id, mentions in article_mentions.items():
        read = [(block, mention, _read_mention(mention, overrides)) for block, mention in mentions]
        long_forms = _long_forms(read, overrides)
        for block, mention, (written, surface, lookup, entity_type) in read:
            if not lookup:
                continue
            key = (article_id, block, mention.start)
            written_by_key[key] = written
            long_form = long_forms.get(lookup) if entity_type == "ORG" else None
            if long_form is not None:
                # "United" after "Manchester United": counted as neither its name nor alias.
                short_members.add(key)
                _add(clusters[long_form], key, "", entity_type, roles.get(key, ""))
                continue
            cluster_key = _fixed_cluster(lookup, entity_type, overrides)
            if cluster_key is None and entity_type == "PERSON":
                people[article_id].append((key, surface, split_person_name(surface)))
                continue
            if cluster_key is None:
                cluster_key = ("name", lookup)
            _add(clusters[cluster_key], key, surface, entity_type, roles.get(key, ""))
    _resolve_people(people, clusters, roles, overrides)
    _merge_place_prefixed_organisations(clusters)
    _apply_merges(clusters, overrides)
    for cluster in clusters.values():
        cluster.written = {
            written_by_key[member] for member in cluster.members if member not in short_members
        }
    return _finish(clusters, overrides.merge)


def _read_mention(mention: Mention, overrides: AliasOverrides) -> tuple[str, str, str, str]:
    """(written, surface, lookup, type) of a mention after the overrides; lookup "" for an
    ignored one. [rename] makes the mention read as another name; [merge] joins whole
    entities after the rules have run (see _apply_merges), so "Lavrov" alone follows
    "Sergey Lavrov" into the merged entity."""
    written = clean_surface(mention.text)
    lookup = name_key(written)
    if not lookup or lookup in overrides.ignore:
        return written, written, "", mention.type
    entity_type = overrides.types.get(lookup, mention.type)
    surface = overrides.renamed(written)
    lookup = name_key(surface)
    return written, surface, lookup, overrides.types.get(lookup, entity_type)


def _long_forms(
    read: list[tuple[int, Mention, tuple[str, str, str, str]]], overrides: AliasOverrides
) -> dict[str, tuple[str, ...]]:
    """The cluster of the one organisation of an article whose name ends in a word the
    article also uses alone ("Manchester United" ... "United", "European Commission" ...
    "the Commission"), by that word's lookup; a word that ends two names stays apart."""
    endings: dict[str, set[str]] = defaultdict(set)
    alone: set[str] = set()
    for _block, _mention, (_written, _surface, lookup, entity_type) in read:
        if entity_type != "ORG" or not lookup:
            continue
        if " " in lookup:
            endings[lookup.rsplit(" ", 1)[1]].add(lookup)
        else:
            alone.add(lookup)
    found: dict[str, tuple[str, ...]] = {}
    for word in alone & endings.keys():
        user_named = overrides.decides(word) or overrides.renamed(word) != word
        if len(endings[word]) != 1 or word in KNOWN_NAMES or user_named:
            continue
        (long_lookup,) = endings[word]
        found[word] = _fixed_cluster(long_lookup, "ORG", overrides) or ("name", long_lookup)
    return found


def _apply_merges(clusters: dict[tuple[str, ...], _Cluster], overrides: AliasOverrides) -> None:
    """Join every entity that has a surface listed under one [merge] name into one entity."""
    if not overrides.merge:
        return
    for cluster_key in list(clusters):
        cluster = clusters[cluster_key]
        targets = {overrides.merged_name(name_key(s)) for s in cluster.surfaces} - {""}
        if not targets:
            continue
        target = min(targets)
        into = clusters.setdefault(("merge", name_key(target)), _Cluster())
        if into is cluster:
            continue
        into.type_votes.update(cluster.type_votes)
        into.surfaces.update(cluster.surfaces)
        into.surfaces[target] += 0  # so that _finish names the entity after the merge key
        into.roles.update(cluster.roles)
        into.members.extend(cluster.members)
        del clusters[cluster_key]


def _fixed_cluster(
    lookup: str, entity_type: str, overrides: AliasOverrides
) -> tuple[str, ...] | None:
    """The cluster an override or the built-in table puts a name in, if any."""
    if lookup in overrides.split:
        return ("split", lookup, entity_type)
    known = KNOWN_NAMES.get(lookup)
    if known and entity_type != "PERSON":
        return ("name", name_key(known[0]))
    return None


def _merge_place_prefixed_organisations(clusters: dict[tuple[str, ...], _Cluster]) -> None:
    """ "US State Department" is the "State Department" when no other country's is named."""
    prefixes: dict[str, set[str]] = defaultdict(set)
    for cluster_key, cluster in clusters.items():
        if cluster_key[0] != "name" or _top(cluster.type_votes) != "ORG":
            continue
        prefix, _, rest = cluster_key[1].partition(" ")
        if rest and (prefix in places() or is_demonym(prefix) or prefix in KNOWN_NAMES):
            prefixes[rest].add(cluster_key[1])
    for rest, prefixed in prefixes.items():
        target = clusters.get(("name", rest))
        if target is None or len(prefixed) != 1:
            continue
        if _top(target.type_votes) != "ORG":
            continue
        source = clusters.pop(("name", next(iter(prefixed))))
        target.type_votes.update(source.type_votes)
        target.surfaces.update(source.surfaces)
        target.roles.update(source.roles)
        target.members.extend(source.members)


def _top(votes: Counter[str]) -> str:
    """The most voted key, the first seen among equals (as `most_common(1)`, cheaper)."""
    return max(votes, key=votes.__getitem__)


def _add(cluster: _Cluster, key: MentionKey, surface: str, entity_type: str, role: str) -> None:
    """Count a mention in a cluster ("" for a surface that is not to name it)."""
    cluster.type_votes[entity_type] += 1
    if surface:
        cluster.surfaces[surface] += 1
    cluster.members.append(key)
    if role:
        cluster.roles[role] += 1


def _resolve_people(
    people: dict[str, list[tuple[MentionKey, str, PersonName]]],
    clusters: dict[tuple[str, ...], _Cluster],
    roles: dict[MentionKey, str],
    overrides: AliasOverrides,
) -> None:
    """Merge full-name spellings, then attach initials and lone surnames to full names:
    in the same article first ("Serena Williams ... S Williams"), else the library's one."""
    full_names = sorted(
        {name for mentions in people.values() for _, _, name in mentions if name.has_first},
        key=lambda name: (name.surname, name.completeness == 1, name.first),
    )
    person_of = _group_full_names(full_names)
    by_surname: dict[str, set[PersonName]] = defaultdict(set)
    for name, representative in person_of.items():
        by_surname[name.surname[:2]].add(representative)
    library_match: dict[str, PersonName | None] = {}
    for mentions in people.values():
        local = {person_of[name] for _, _, name in mentions if name.has_first}
        surname_here: dict[str, PersonName | None] = {}  # "Blair said ... Blair added"
        for key, surface, name in mentions:
            if name.completeness == 1:
                target: PersonName | None = _person_for_initial(name, local, person_of)
            elif name.has_first:
                target = person_of[name]
            elif name.surname in surname_here:
                target = surname_here[name.surname]
            else:
                target = surname_here[name.surname] = _person_for_surname(
                    name.surname, local, by_surname, overrides, library_match
                )
            cluster_key = (
                ("person", target.first, target.surname) if target else ("surname", name.surname)
            )
            _add(clusters[cluster_key], key, surface, "PERSON", roles.get(key, ""))


def _group_full_names(full_names: list[PersonName]) -> dict[PersonName, PersonName]:
    """Map each full name to the representative of its group of spellings.

    `full_names` come with the names whose first name is an initial after the others of
    their surname: "R Williams" joins a person only when one of the "R… Williams" can be
    meant, so it never chains Rhys, Robbie and Rowan Williams into one.
    """
    representative: dict[PersonName, PersonName] = {}
    groups: dict[tuple[str, str], list[PersonName]] = defaultdict(list)
    for name in full_names:
        # Spellings share the first letters of first name and surname: compare within those
        # (so a large library is not compared pairwise).
        bucket = groups[(name.first[:1], name.surname[:3])]
        if name.completeness == 1:
            people = {representative[other] for other in bucket if same_person(name, other)}
            match = people.pop() if len(people) == 1 else None
        else:
            match = next((other for other in bucket if same_person(name, other)), None)
        if match is None:
            bucket.append(name)
            representative[name] = name
        else:
            representative[name] = representative[match]
    return representative


def _person_for_initial(
    name: PersonName, local: set[PersonName], person_of: dict[PersonName, PersonName]
) -> PersonName:
    """The person "S Williams" means: the one such person named in full in the same
    article, else the library's (`_group_full_names`)."""
    here = {p for p in local if p.completeness == 2 and same_person(name, p)}
    return here.pop() if len(here) == 1 else person_of[name]


def _person_for_surname(
    surname: str,
    local: set[PersonName],
    by_surname: dict[str, set[PersonName]],
    overrides: AliasOverrides,
    library_match: dict[str, PersonName | None],
) -> PersonName | None:
    """The person a lone surname means: in the same article, else the library's only one."""
    if surname in overrides.split:
        return None
    here = {p for p in local if surnames_match(surname, p.surname, lone=True)}
    if len(here) == 1:
        return next(iter(here))
    if here:
        return None
    if surname not in library_match:
        anywhere = {
            p
            for p in by_surname.get(surname[:2], ())
            if surnames_match(surname, p.surname, lone=True)
        }
        library_match[surname] = next(iter(anywhere)) if len(anywhere) == 1 else None
    return library_match[surname]


def _finish(clusters: dict[tuple[str, ...], _Cluster], merges: dict[str, str]) -> Resolution:
    """Turn clusters into entities; [merge] names win and bring their listed aliases."""
    chosen_names = set(merges.values())
    entities: list[CanonicalEntity] = []
    assignments: dict[MentionKey, int] = {}
    for cluster_key, cluster in clusters.items():
        entity_type = _top(cluster.type_votes)
        chosen = sorted(chosen_names.intersection(cluster.surfaces)) if chosen_names else []
        name = chosen[0] if chosen else _display_name(cluster_key, cluster, entity_type)
        aliases = {*cluster.surfaces, *cluster.written, name}
        if chosen:
            aliases.update(key for key, target in merges.items() if target == name)
        members = cluster.members
        entity = CanonicalEntity(
            name=name,
            type=entity_type,
            aliases=aliases,
            roles=[role for role, _ in cluster.roles.most_common()] if cluster.roles else [],
            mention_count=len(members),
            article_ids=set(map(itemgetter(0), members)),
        )
        assignments.update(dict.fromkeys(members, len(entities)))
        entities.append(entity)
    return Resolution(entities, assignments)


def _display_name(cluster_key: tuple[str, ...], cluster: _Cluster, entity_type: str) -> str:
    """The most complete common form: "Volodymyr Zelensky", "United States"."""
    if cluster_key[0] == "name":
        known = KNOWN_NAMES.get(cluster_key[1])
        if known:
            return known[0]
    surfaces = cluster.surfaces
    if entity_type == "PERSON":
        surname_counts: Counter[str] = Counter()
        for surface, count in surfaces.items():
            surname_counts[split_person_name(surface).surname] += count

        def person_rank(surface: str) -> tuple[int, int, int, int]:
            name = split_person_name(surface)
            initials = sum(1 for part in surface.split() if part.rstrip(".").isupper())
            return (
                name.completeness,  # "Serena Williams" over "S Williams" over "Williams"
                surname_counts[name.surname],
                surfaces[surface],
                -initials,
            )

        return max(surfaces, key=person_rank)

    def rank(surface: str) -> tuple[int, int, int]:
        # Prefer the usual spelling, then normal case over "NEW YORK", then the longer form.
        return (surfaces[surface], not surface.isupper() or len(surface) <= 5, len(surface))

    return max(surfaces, key=rank)
