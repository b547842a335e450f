"""bench/flet_client.py applies the server's patches as Flet's web client does (the benchmark's users
depend on it): paths from the path table, operations in order, controls indexed by id as they arrive.
The messages below have the shapes recorded from Flet 1.0.5 (ObjectPatch.to_message)."""

from __future__ import annotations

import pytest

from bench.flet_client import ADD, MOVE, REMOVE, REPLACE, ControlTree, button, labelled, pack, unpack
from flet.controls.object_patch import ObjectPatch


def page() -> ControlTree:
    tree = ControlTree()
    tree.reset({
        "_c": "Page", "_i": 1,
        "views": [{"_c": "View", "_i": 3, "controls": [
            {"_c": "TextField", "_i": 35, "label": "Prepaid-code", "value": ""},
            {"_c": "FilledButton", "_i": 37, "content": "Inloggen", "on_click": True},
        ]}],
    })  # fmt: skip
    return tree


def test_replace_add_remove_and_move_in_order() -> None:
    tree = page()
    # [paths, ops...]: node 0 is the control patched (id 3), node 1 its "controls" list.
    tree.apply(3, [[0, {"controls": [1]}],
                   [REPLACE, 0, "padding", 8],
                   [ADD, 1, 1, {"_c": "TextField", "_i": 36, "label": "Postcode", "value": ""}],
                   [MOVE, 1, 2, 1, 0],
                   [REMOVE, 1, 2]])  # fmt: skip
    view = tree.by_id[3]
    assert view["padding"] == 8
    assert [c["_i"] for c in view["controls"]] == [37, 35]  # the button moved first, the postcode removed
    assert tree.find(labelled("TextField", "Prepaid-code"))["_i"] == 35
    assert tree.find(labelled("TextField", "Postcode")) is None  # removed controls are not reached
    assert tree.find(button("Inloggen"))["_i"] == 37


def test_a_control_added_by_one_patch_is_the_root_of_the_next() -> None:
    tree = page()
    tree.apply(3, [[0, {"controls": [1]}], [ADD, 1, 2, {"_c": "Column", "_i": 40, "controls": [{"_c": "Text", "_i": 41, "value": "a"}]}]])
    tree.apply(40, [[0, {"controls": [1, {0: [2]}]}], [REPLACE, 2, "value", "€ 42,17"]])
    assert tree.by_id[41]["value"] == "€ 42,17"


def test_flets_own_encoding_of_a_diff_applies_to_the_same_result() -> None:
    # ObjectPatch.to_message, Flet's encoder, on a hand-made JSON patch: the client must read its table.
    patch = ObjectPatch([
        {"op": "replace", "path": ["controls", 0, "value"], "value": "9000 0000 44"},
        {"op": "add", "path": ["controls", 2], "value": {"_c": "Text", "_i": 50, "value": "x"}},
        {"op": "remove", "path": ["controls", 1]},
    ]).to_message()  # fmt: skip
    # On the wire the operation is its number (Flet's MessagePack encoder writes an Enum's value).
    wire = [patch[0], *([op[0].value, *op[1:]] for op in patch[1:])]
    message = unpack(pack(2, {"id": 3, "patch": wire}))
    assert message is not None and message[0] == 2
    tree = page()
    tree.apply(message[1]["id"], message[1]["patch"])
    controls = tree.by_id[3]["controls"]
    assert [c["_i"] for c in controls] == [35, 50]
    assert controls[0]["value"] == "9000 0000 44"


def test_an_unknown_operation_is_an_error_not_a_silent_skip() -> None:
    with pytest.raises(ValueError):
        page().apply(3, [[0], [9, 0, "x", 1]])


def test_data_channel_frames_are_not_messages() -> None:
    assert unpack(b"\x01\x00\x00\x00\x00abc") is None
