"""The place search's pre-filter (server.services.geo.postcodes.search_municipality: a substring test over all
of a postcode's names before any name is ranked) sets aside only postcodes that cannot match: the
answers equal a search that ranks every name of every postcode, on generated queries."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from server.services.geo.postcodes import _fold, load_postcodes, search_municipality

NAMES = sorted({name for pc in load_postcodes().values() for name in pc._folded})


def reference(query: str, limit: int = 10) -> list[str]:
    q = _fold(query)
    if not q:
        return []
    ranked = []
    for code, pc in load_postcodes().items():
        rank = None
        if query.strip().isdigit() and code.startswith(query.strip()):
            rank = 0 if code == query.strip() else 1
        for name in pc._folded:
            if name == q:
                r = 0
            elif name.startswith(q) or any(word.startswith(q) for word in name.split()):
                r = 1 if name.startswith(q) else 2
            elif q in name:
                r = 3
            else:
                continue
            rank = r if rank is None else min(rank, r)
        if rank is not None:
            ranked.append((rank, code))
    return [code for _, code in sorted(ranked)[:limit]]


queries = st.one_of(
    st.sampled_from(NAMES).flatmap(lambda n: st.integers(0, len(n)).flatmap(lambda i: st.integers(i, len(n)).map(lambda j: n[i:j]))),
    st.from_regex(r"[1-9][0-9]{0,3}", fullmatch=True),
    st.text(alphabet="aeioulnrstgké- '", max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(query=queries)
def test_the_filtered_search_equals_ranking_every_name(query: str) -> None:
    assert [pc.postal_code for pc in search_municipality(query)] == reference(query)
