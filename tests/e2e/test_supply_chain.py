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
from msds.adapters.local.duckdb_warehouse import DuckDbWarehouse
from msds.cli.main import main
from msds.composition import WAREHOUSE_FILE, local_product_service, local_repository
from msds.composition_web import local_accounts
from msds.domain.composition_text import parse_concentration
from msds.domain.mixtures.classify import classify_mixture
from msds.errors import AccessDenied
from msds.services.api_access import Caller, Group
from msds.settings import Settings
from msds.synth.supply_chain import build_supply_chain, write_supply_chain
from tests.helpers.synthetic import FIXED_NOW, build_once
from tests.web.support import PASSWORD, make_site

pytestmark = pytest.mark.xdist_group("e2e_supply_chain")
AS_OF = "2025-06-01"
COMPLIANCE = Caller(subject="tester", groups=frozenset({Group.COMPLIANCE}))


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


def _copy_data_dir(source: Path, target: Path, attempts: int = 3) -> None:
    """Copy a data dir whose database may still be open in this process: when the build's last connection
    is collected, SQLite folds its write-ahead log into the database and deletes it, and a copy taken at
    that moment misses the file. The copy is then taken again."""
    for attempt in range(attempts):
        try:
            shutil.copytree(source, target)
            return
        except shutil.Error:
            shutil.rmtree(target, ignore_errors=True)
            if attempt == attempts - 1:
                raise


@pytest.fixture
def chain(processed: Path, tmp_path: Path) -> Path:
    shutil.copytree(processed / "chain", tmp_path / "chain")
    _copy_data_dir(processed / "data", tmp_path / "data")
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


def test_the_web_api_gives_the_same_report_and_proposals_as_the_command_line(chain: Path) -> None:
    # Given the web app over the chain's data, with a supplier account for the perfume house
    site = make_site(chain / "data")
    local_accounts(Settings(data_dir=chain / "data")).add(
        "aroma", PASSWORD, ["supplier"], FIXED_NOW, supplier_id="aroma-provence"
    )
    carl = site.signed_in("carl")
    products_csv = (chain / "chain" / "products.csv").read_bytes()
    # When compliance staff import the products and read the report, requests, alerts and proposals
    imported = carl.post("/api/products/import", files={"file": ("products.csv", products_csv, "text/csv")})
    report = carl.get(f"/api/traceability?as_of={AS_OF}").json()
    requests = carl.get(f"/api/traceability/requests?as_of={AS_OF}").json()
    alerts = carl.get(f"/api/traceability/expiring?as_of={AS_OF}").json()
    proposals = {key: carl.get(f"/api/products/{key}/classification").json()["proposal"] for key in PROPOSALS}
    # Then they are the planned ones, as on the command line
    plan = expected(chain)
    assert imported.status_code == 200 and sorted(imported.json()["created"]) == ["AD-20", "DS-5", "SC-100"]
    lines = {
        p["product_id"]: {str(line["line_no"]): line["status"] for line in p["lines"]}
        for p in report["products"]
    }
    assert lines == plan["lines"]
    assert {p["product_id"]: p["status"] for p in report["products"]} == plan["status"]
    asked = {
        g["supplier"]: sorted([r["material_name"], r["reason"]] for r in g["requests"]) for g in requests
    }
    assert asked == plan["requests"]
    keys = {document_of(chain, key): key for key in plan["sheets"]}
    assert [[keys[a["document_id"]], a["kind"], a["due"]] for a in alerts] == plan["expiring"]
    for key, want in PROPOSALS.items():
        assert proposals[key]["status"] == "proposal_for_expert_sign_off"
        assert (proposals[key]["h_codes"], proposals[key]["pictograms"]) == (
            want["h_codes"],
            want["pictograms"],
        )
        assert proposals[key]["signal_word"] == want["signal_word"]
    # and the supplier sees only the sheet asked of it, never the report or a product
    aroma = site.signed_in("aroma")
    theirs = aroma.get(f"/api/traceability/requests?as_of={AS_OF}").json()
    assert [(g["supplier_id"], [r["material_name"] for r in g["requests"]]) for g in theirs] == [
        ("aroma-provence", ["Parfum Lavande 12"])
    ]
    assert aroma.get("/api/traceability").status_code == 403
    assert aroma.get("/api/products/SC-100/classification").status_code == 403


def test_loading_the_warehouse_twice_leaves_the_same_rows_and_the_queries_answer_from_them(
    chain: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the products imported and a watch list: d-limonene (a component of AD-20) and 2-butoxyethanol
    # (≥ 5 – < 10 % in the degreaser sheet, used at 20 - 25 % in SC-100 and at 10 % in AD-20)
    assert msds(chain, "products", "import", str(chain / "chain" / "products.csv")) == 0
    watch = chain / "watch.csv"
    watch.write_text(
        "CAS No.,Substance name\n5989-27-5,d-Limonene\n111-76-2,2-Butoxyethanol\n", encoding="utf-8"
    )
    assert msds(chain, "warehouse", "watch-list", str(watch), "--name", "allergens") == 0
    # When the warehouse is loaded twice
    store = DuckDbWarehouse(chain / "data" / WAREHOUSE_FILE)
    assert msds(chain, "warehouse", "load", "--as-of", AS_OF) == 0
    first = store.snapshot()
    assert msds(chain, "warehouse", "load", "--as-of", AS_OF) == 0
    # Then every table holds the same rows, one per product, line and sheet of the chain
    plan = expected(chain)
    assert store.snapshot() == first
    assert len(first["wh_products"]) == len(plan["lines"]) == 3
    assert len(first["wh_components"]) == sum(len(lines) for lines in plan["lines"].values())
    assert len(first["wh_documents"]) == len(plan["sheets"])
    # and the ready queries give the quarter's two due sheets and the products holding a listed substance,
    # through a sheet's Section 3 at the upper bounds (25 % x 10 %, 10 % x 10 %) or as a component
    due = output(chain, capsys, "warehouse", "query", "expiring_this_quarter", "--as-of", AS_OF)
    keys = {document_of(chain, key): key for key in plan["sheets"]}
    assert [[keys[row["document_id"]], row["kind"], str(row["due_date"])] for row in due] == plan["expiring"]
    watched = output(chain, capsys, "warehouse", "query", "watch_list_products")
    assert [
        (row["cas"], row["product_id"], row["found_in"], row["concentration_high"]) for row in watched
    ] == [
        ("111-76-2", "AD-20", "sheet", 1.0),
        ("111-76-2", "SC-100", "sheet", 2.5),
        ("5989-27-5", "AD-20", "component", 0.5),
    ]
