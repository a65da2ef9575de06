"""The generated supply chain through the command line: sheets processed, products imported, traceability
report and classification proposals exactly as the chain was planned (msds.synth.supply_chain)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from models.classification import MixtureIngredient
from models.composition import ComponentHazard
from models.products import ProductsImportRequest
from msds.cli.main import main
from msds.composition import local_product_service, local_repository
from msds.domain.composition_text import parse_concentration
from msds.domain.mixtures.classify import classify_mixture
from msds.errors import AccessDenied
from msds.services.api_access import Caller, Group
from msds.settings import Settings
from msds.synth.supply_chain import build_supply_chain, write_supply_chain
from tests.helpers.synthetic import build_once

pytestmark = pytest.mark.xdist_group("e2e_supply_chain")
AS_OF = "2025-06-01"
COMPLIANCE = Caller(subject="tester", groups=frozenset({Group.COMPLIANCE}))


@pytest.fixture(autouse=True)
def no_msds_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.environment_names():
        monkeypatch.delenv(name, raising=False)


def _build(folder: Path) -> None:
    written = write_supply_chain(build_supply_chain(), folder / "chain")
    assert (
        main(
            [
                "--data-dir",
                str(folder / "data"),
                "process",
                str(written["sheets"]),
                "--workers",
                "1",
                "--quiet",
            ]
        )
        == 0
    )


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chain's sheets, processed once per session (copied per test so tests do not share products)."""
    return build_once(tmp_path_factory, "supply-chain", _build)


@pytest.fixture
def chain(processed: Path, tmp_path: Path) -> Path:
    shutil.copytree(processed / "chain", tmp_path / "chain")
    shutil.copytree(processed / "data", tmp_path / "data")
    return tmp_path


def msds(folder: Path, *args: str) -> int:
    return main(["--data-dir", str(folder / "data"), *args])


def output(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    assert msds(folder, *args, "--json") == 0
    return json.loads(capsys.readouterr().out)


def expected(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "chain" / "expected.json").read_text(encoding="utf-8"))


def document_of(folder: Path, key: str) -> str:
    file_name = expected(folder)["sheets"][key]["file"]
    entries = local_repository(Settings(data_dir=folder / "data")).list()
    return next(entry.document_id for entry in entries if entry.file_name == file_name)


def test_the_traceability_report_of_the_generated_chain_is_exactly_the_planned_one(
    chain: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the chain's sheets processed and its products imported from CSV
    assert msds(chain, "products", "import", str(chain / "chain" / "products.csv")) == 0
    plan = expected(chain)
    # When the report, the requests and the alerts are asked for on the report date
    report = output(chain, capsys, "products", "trace", "--as-of", AS_OF)
    requests = output(chain, capsys, "products", "requests", "--as-of", AS_OF)
    alerts = output(chain, capsys, "products", "expiring", "--as-of", AS_OF)
    # Then every line has its planned state, each product its worst one
    lines = {
        p["product_id"]: {str(line["line_no"]): line["status"] for line in p["lines"]}
        for p in report["products"]
    }
    assert lines == plan["lines"]
    assert {p["product_id"]: p["status"] for p in report["products"]} == plan["status"]
    # and each supplier is asked for exactly the missing and old sheets
    asked = {
        g["supplier"]: sorted([r["material_name"], r["reason"]] for r in g["requests"]) for g in requests
    }
    assert asked == plan["requests"]
    # and the two sheets due this quarter are the alerts
    keys = {document_of(chain, key): key for key in plan["sheets"]}
    assert [[keys[a["document_id"]], a["kind"], a["due"]] for a in alerts] == plan["expiring"]


def test_a_sheet_set_by_hand_to_an_old_revision_shows_as_superseded(
    chain: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the products, and DS-5's acid linked automatically to the 2024 revision
    assert msds(chain, "products", "import", str(chain / "chain" / "products.json")) == 0
    old, new = document_of(chain, "rm6_acid_2016"), document_of(chain, "rm6_acid_2024")
    shown = output(chain, capsys, "products", "show", "DS-5")
    assert shown["links"][0]["document_id"] == new and shown["links"][0]["method"] == "matched"
    # When a person pins the 2016 revision
    assert msds(chain, "products", "link", "DS-5", "1", "--document", old, "--note", "as delivered") == 0
    report = output(chain, capsys, "products", "trace", "DS-5", "--as-of", AS_OF)
    # Then the line is superseded (and the acid is asked for again); clearing goes back to the match
    line = report["products"][0]["lines"][0]
    assert (line["status"], line["document_id"], line["link_method"]) == ("superseded", old, "override")
    assert report["suppliers"][0]["requests"][0]["reason"] == "superseded"
    assert msds(chain, "products", "link", "DS-5", "1", "--clear") == 0
    assert (
        output(chain, capsys, "products", "trace", "DS-5", "--as-of", AS_OF)["products"][0]["status"]
        == "current"
    )


def test_importing_the_same_products_again_changes_nothing(
    chain: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the products imported once
    assert msds(chain, "products", "import", str(chain / "chain" / "products.csv")) == 0
    # When the JSON form of the same products is imported
    capsys.readouterr()
    assert msds(chain, "products", "import", str(chain / "chain" / "products.json")) == 0
    # Then all three are unchanged
    assert "imported 0 new, 0 changed, 3 unchanged" in capsys.readouterr().err


# The proposals, worked out by hand from what the chain's sheets print (CLP Annex I; ranges at their upper
# bound; the degreaser prints n-heptane, propan-2-ol and 2-butoxyethanol as rows).
PROPOSALS = {
    "SC-100": {
        "h_codes": ["H302", "H315", "H319", "H371", "H336", "H304", "H411"],
        "pictograms": ["GHS07", "GHS08", "GHS09"],
        "signal_word": "Danger",
        "supplemental": [
            "2 % of the mixture consists of component(s) of unknown hazards to the aquatic environment"
        ],
    },
    "AD-20": {
        "h_codes": ["H315", "H318", "H411"],
        "pictograms": ["GHS05", "GHS09"],
        "signal_word": "Danger",
        "supplemental": ["Contains d-Limonène. May produce an allergic reaction."],
    },
    "DS-5": {"h_codes": ["H314"], "pictograms": ["GHS05"], "signal_word": "Danger", "supplemental": []},
}


@pytest.mark.parametrize("product_id", sorted(PROPOSALS))
def test_the_classification_proposals_are_the_ones_the_printed_sheets_give(
    chain: Path, capsys: pytest.CaptureFixture[str], product_id: str
) -> None:
    # Given the products imported
    assert msds(chain, "products", "import", str(chain / "chain" / "products.csv")) == 0
    # When the product is classified
    found = output(chain, capsys, "products", "classify", product_id)
    proposal = found["proposal"]
    # Then its label elements are the hand-checked ones, as a proposal with a trail
    want = PROPOSALS[product_id]
    assert proposal["status"] == "proposal_for_expert_sign_off"
    assert proposal["h_codes"] == want["h_codes"]
    assert proposal["pictograms"] == want["pictograms"]
    assert proposal["signal_word"] == want["signal_word"]
    assert [s["text_en"] for s in proposal["supplemental"]] == want["supplemental"]
    assert len(proposal["p_codes"]) <= 6 and proposal["trail"]
    # and the same as the rules give on the generator's own record of what each sheet prints
    assert proposal["h_codes"] == _from_printed_sheets(chain, product_id)


def _from_printed_sheets(folder: Path, product_id: str) -> list[str]:
    plan = expected(folder)
    body = json.loads((folder / "chain" / "products.json").read_text(encoding="utf-8"))
    product = next(
        p for p in ProductsImportRequest.model_validate(_parsed(body)).products if p.product_id == product_id
    )
    chain = build_supply_chain()
    planned = next(p for p in chain.products if p.product_id == product_id)
    ingredients = []
    for line, planned_line in zip(product.components, planned.lines, strict=True):
        share = line.concentration.upper_bound or 0.0
        if planned_line.sheet is None:
            ingredients.append(
                MixtureIngredient(name=line.material_name, concentration=line.concentration, unknown=True)
            )
            continue
        for row in plan["components"][planned_line.sheet]:
            printed = parse_concentration(row["concentration"])
            assert printed is not None
            high = printed.high if printed.high is not None else 100.0
            ingredients.append(
                MixtureIngredient(
                    name=row["name"],
                    cas=row["cas"],
                    concentration=printed.model_copy(update={"low": None, "high": share * high / 100}),
                    hazards=[ComponentHazard(h_code=code) for code in row["h_codes"]],
                )
            )
    return classify_mixture(ingredients, product.facts).h_codes


def _parsed(body: dict[str, Any]) -> dict[str, Any]:
    for product in body["products"]:
        for line in product["components"]:
            value = parse_concentration(line["concentration"])
            assert value is not None
            line["concentration"] = value.model_dump()
    return body


def test_a_supplier_sees_only_the_sheets_asked_of_it_and_never_the_products(chain: Path) -> None:
    # Given the products imported
    assert msds(chain, "products", "import", str(chain / "chain" / "products.csv")) == 0
    service = local_product_service(Settings(data_dir=chain / "data"))
    supplier = Caller(subject="aroma", groups=frozenset({Group.SUPPLIER}), supplier_id="aroma-provence")
    # When the supplier asks for its requests
    mine = service.requests_for(supplier)
    # Then it sees its one missing sheet, without the products it is for
    assert [
        (g.supplier_id, [(r.material_name, r.reason.value, r.products) for r in g.requests]) for g in mine
    ] == [("aroma-provence", [("Parfum Lavande 12", "missing", [])])]
    # and may not read products, traceability or proposals
    for call in (
        lambda: service.all(supplier),
        lambda: service.traceability(supplier),
        lambda: service.classify(supplier, "SC-100"),
    ):
        with pytest.raises(AccessDenied):
            call()
    assert service.requests_for(COMPLIANCE)
