"""Field labels as suppliers print them, in the supported languages (regular-expression alternatives)."""

from __future__ import annotations

import re

PRODUCT_NAME = (
    r"product\s*name|name\s+of\s+(?:the\s+)?product|trade\s*name|commercial\s+(?:product\s+)?name|"
    r"material\s+name|product\s+description\s*/\s*name|"
    r"handelsname|produktname|handelsbezeichnung|produktbezeichnung|"
    r"nom\s+(?:du\s+produit|commercial|de\s+la\s+substance)|d[ée]signation\s+commerciale|"
    r"nombre\s+(?:del\s+producto|comercial|de\s+la\s+sustancia)|denominaci[oó]n(?:\s+comercial)?|"
    r"nome\s+(?:do\s+produto|comercial|da\s+subst[aâ]ncia|del\s+prodotto)|denominazione(?:\s+commerciale)?|"
    r"handelsnaam|productnaam|nazwa\s+(?:produktu|handlowa)|"
    r"제품명|제품\s*이름|製\s?品\s?名|化学品の名称|製品の名称|商品名|品名"
)
PRODUCT_IDENTIFIER = (
    r"product\s+identifiers?(?:\s+used\s+on\s+the\s+label)?|produktidentifikator|bezeichnung|"
    # "Identification of the   PEPSI COLA FLAVOR" / "substance/ preparation": a label cell wrapped early
    r"identification\s+of\s+the(?=\s{3,})|"
    r"chemical\s+(?:product\s+)?name|identification\s+of\s+the\s+(?:substance|preparation|mixture|product)(?:\s*/\s*(?:preparation|mixture))?|"
    r"identificateur\s+(?:de|du)\s+produit|identificador(?:es)?\s+del?\s+produc?to|"
    r"identifica[cç][aã]o\s+do\s+produto|identificatore\s+del\s+prodotto|productidentificatie"
)

SUPPLIER = (
    r"company(?:['’]s)?(?:\s+name)?|supplier(?:['’]s)?(?:\s+name)?|manufacturer(?:['’]s)?(?:\s*/\s*supplier)?(?:\s+name)?|"
    r"distributor|importer|"
    # OSHA / ANSI Z400.1 wordings of the party responsible for the sheet
    r"responsible\s+party|(?:manufactured|distributed|supplied|marketed)\s+by|"
    r"manufacturer/importer/supplier/distributor\s+information|"
    r"lieferant(?:en)?|hersteller(?:\s*/\s*lieferant)?|firmenbezeichnung|firmenname|firma|unternehmen|inverkehrbringer|"
    r"fournisseur|soci[ée]t[ée]|fabricant|nom\s+de\s+(?:la\s+)?soci[ée]t[ée](?:\s+du\s+fournisseur)?|raison\s+sociale|"
    r"empresa|proveedor|fabricante|nombre\s+del\s+proveedor|compa[ñn][ií]a|raz[aã]o\s+social|"
    r"fornecedor|nome\s+da\s+empresa|fornitore|societ[aà]|produttore|ragione\s+sociale|"
    r"leverancier|fabrikant|bedrijf|dostawca|producent|"
    r"공급\s*회사명?|회사명|공급자|제조자|제조사|제조\s*회사|수입자|수입사|会\s?社\s?名|製造者|供給者|製造元|販売元"
)

EMERGENCY = (
    r"emergency|notruf|giftnotruf|urgence|emergencia|emerg[eê]ncia|emergenza|noodnummer|alarmowy|"
    r"긴급|緊急"
)

REVISION_DATE = (
    r"revision\s+date|date\s+of\s+revision|revised(?:\s+on)?|last\s+revis(?:ed|ion)|revision|"
    r"[üu]berarbeitet(?:\s+am)?|revisionsdatum|datum\s+der\s+[üu]berarbeitung|[üu]berarbeitungsdatum|"
    r"bearbeitungsdatum|bearbeitet\s+am|rev\.(?=\s*\d)|"
    r"date\s+de\s+(?:la\s+)?r[ée]vision|r[ée]vision|mise\s+[àa]\s+jour|"
    r"fecha\s+de\s+(?:la\s+)?revisi[oó]n|revisi[oó]n|data\s+d[ae]\s+revis[aã]o|revis[aã]o|"
    r"data\s+di\s+revisione|revisione|herzien(?:ing)?|datum\s+herziening|data\s+aktualizacji|"
    r"개정\s*일자|개정일|최종\s*개정|개정(?=\s*[:：])|改訂日(?:付)?|改訂|改定日|改定|"
    # An update of the sheet is a revision: "Last updated", "Stand:", "Versionsdatum", "Atualizado em" (words
    # of one label never cross a column gap: "Version   Date de révision" is two labels)
    r"date\s{1,2}of\s{1,2}(?:last\s{1,2})?(?:update|change)|last\s{1,2}(?:updated?|changed?)|"
    r"updated(?:\s{1,2}on)?|version\s{1,2}date|"
    r"stand(?=\s{0,2}[:：])|versionsdatum|[äa]nderungsdatum|ge[äa]ndert\s{1,2}am|aktualisiert(?:\s{1,2}am)?|"
    r"date\s{1,2}de\s{1,2}(?:modification|version)|"
    r"fecha\s{1,2}de\s{1,2}(?:actualizaci[oó]n|modificaci[oó]n|versi[oó]n)|"
    r"actualizad[ao]\s{1,2}(?:el|en)|data\s{1,2}d[ae]\s{1,2}(?:atualiza[cç][aã]o|vers[aã]o)|"
    r"atualizad[ao]\s{1,2}em|"
    r"revisad[ao]\s{1,2}(?:em|el|en)|수정\s{0,2}일자|수정일|更新日"
)

ISSUE_DATE = (
    r"issue\s+date|date\s+of\s+issue|date\s+issued|print(?:ing)?\s+date|printed(?:\s+on)?|creation\s+date|"
    r"date\s+prepared|prepared\s+on|tritt\s+in\s+kraft\s+ab|인쇄일|"
    r"druckdatum|ausgabedatum|erstellt(?:\s+am)?|erstellungsdatum|date\s+d['’]?(?:[ée]mission|impression|[ée]tablissement)|"
    r"fecha\s+de\s+(?:emisi[oó]n|impresi[oó]n|elaboraci[oó]n)|data\s+de\s+(?:emiss[aã]o|elabora[cç][aã]o|impress[aã]o)|"
    r"data\s+di\s+(?:emissione|stampa)|uitgiftedatum|datum\s+van\s+uitgifte|data\s+wydania|"
    r"vig[êe]ncia(?:\s+a\s+partir\s+de)?|작성\s*일자|작성일|発行日|作成日|"
    r"fecha\s+de\s+(?:la\s+)?(?:primera|[uú]ltima)\s+(?:emisi[oó]n|edici[oó]n)|fecha\s+de\s+edici[oó]n|"
    r"date\s+de\s+(?:la\s+)?(?:premi[eè]re|derni[eè]re)\s+parution|date\s+d['’][ée]dition|"
    r"data\s+d[ae]\s+(?:primeira\s+|[uú]ltima\s+)?(?:emiss[aã]o|edi[cç][aã]o)|datum\s+der\s+(?:erstellung|ausgabe)|"
    r"compilation\s+date|effective\s+date|date|"
    # the plain word "date" in the other languages, as a label ("Datum:", "Fecha:", "Data:", "일자:")
    r"(?:datum|fecha|data|일자)(?=\s{0,2}[:：])|日付"
)

VERSION = (
    r"version(?:s?-?(?:nummer|nr)\.?)?|revisions?-?nr\.?|revis[aã]o|versi[oó]n|vers[aã]o|versione|versie|wersja|revision\s+(?:number|no\.?)|"
    r"no\.?\s+da\s+revis[aã]o|n[uú]mero\s+de\s+revis[aã]o|revisi[oó]n\s+n[uú]mero|버전|개정\s*(?:번호|횟수|차수)|"
    r"rev\.(?=\s*\d)|版"
)

FLASH_POINT = (
    r"flash\s*-?\s*point|flammpunkt|point\s+(?:d['’]\s*)?[ée]clair|punto\s+de\s+(?:inflamaci[oó]n|destello)|"
    r"ponto\s+de\s+(?:fulgor|inflama[cç][aã]o)|punto\s+di\s+infiammabilit[aà]|vlampunt|"
    r"temperatura\s+zap[łl]onu|인화점|引火点"
)

SIGNAL_WORD_LABEL = (
    r"signal\s*word|signalwort|mention\s+d['’]?\s*avertissement|palabras?\s+de\s+advertencia|"
    r"palavras?\s+de\s+advert[eê]ncia|avvertenza|signaalwoord|has[łl]o\s+ostrzegawcze|신호어|注意喚起語"
)


# Korean and Japanese labels are often printed letter-spaced ("제 품 명", "製 品 名").
_CJK_PAIR = re.compile(r"(?<=[가-힣\u3040-\u30ff\u4e00-\u9fff])(?=[가-힣\u3040-\u30ff\u4e00-\u9fff])")

# Labels that name the supplier of the sheet itself (REACH's "supplier of the safety data sheet"): where a
# sheet names both a manufacturer and a supplier, the supplier is the company the sheet is from.
SUPPLIER_ROLE = re.compile(
    r"supplier|lieferant|fournisseur|proveedor|fornecedor|fornitore|leverancier|dostawca|공급|供給者",
    re.IGNORECASE,
)


def label_pattern(alternatives: str) -> re.Pattern[str]:
    """A pattern that finds the label anywhere in a line, capturing what follows it.

    A few lower-case words may stand between the label and its colon ("Nom de société du fournis :");
    Korean and Japanese letters may be spaced apart.
    """
    alternatives = _CJK_PAIR.sub(r"\\s*", alternatives)
    return re.compile(
        rf"(?:^|(?<=[\s:(.\d]))(?:{alternatives})\b\s*(?:\([^)]{{0,30}}\))?"
        r"(?-i:(?:\s*[a-zà-ÿ][\w'’-]*)(?:\s+[a-zà-ÿ][\w'’-]*){0,2}\s*(?=[:：]))?\s*[:：#.]*\s*(.*)$",
        re.IGNORECASE,
    )


RECOMMENDED_USE = (
    r"recommended\s+use|identified\s+uses?|intended\s+use|use\s+of\s+the\s+(?:substance|mixture)|"
    r"empfohlene\(?r?\)?\s+verwendungszweck\(?e?\)?|verwendung(?:szweck)?|utilisations?\s+identifi[ée]es?|"
    r"usage\s+recommand[ée]|utilisation\s+commerciale|usos?\s+(?:identificados?|recomendados?|pertinentes)|"
    r"uso\s+recomendado|utiliza[cç][oõ]es\s+identificadas|usi\s+identificati|geïdentificeerd\s+gebruik|"
    r"zastosowanie|권고\s*용도|推奨用途"
)
