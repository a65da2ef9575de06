"""Words and sentences of the synthetic SDS in en/de/fr/es/pt, other than the official CLP texts.

Official statement texts, section titles and signal words come from msds/data/ghs (see reference.py); this
module holds the rest: field labels, free text of the sections, month names, country names, pictogram names.
"""

from __future__ import annotations

from datetime import date

L5 = tuple[str, str, str, str, str]
LANG_INDEX = {"en": 0, "de": 1, "fr": 2, "es": 3, "pt": 4}


def pick(texts: L5, language: str) -> str:
    """The text for the language from an (en, de, fr, es, pt) tuple."""
    return texts[LANG_INDEX[language]]


def term(key: str, language: str) -> str:
    """A field label or short phrase in the language."""
    return pick(TERMS[key], language)


TERMS: dict[str, L5] = {
    "sds": (
        "SAFETY DATA SHEET",
        "SICHERHEITSDATENBLATT",
        "FICHE DE DONNÉES DE SÉCURITÉ",
        "FICHA DE DATOS DE SEGURIDAD",
        "FICHA DE DADOS DE SEGURANÇA",
    ),
    "according_to": (
        "according to Regulation (EC) No 1907/2006 (REACH), Annex II",
        "gemäß Verordnung (EG) Nr. 1907/2006 (REACH), Anhang II",
        "conformément au règlement (CE) n° 1907/2006 (REACH), annexe II",
        "de acuerdo con el Reglamento (CE) n.º 1907/2006 (REACH), anexo II",
        "em conformidade com o Regulamento (CE) n.º 1907/2006 (REACH), anexo II",
    ),
    "page_of": (
        "Page {n} of {m}",
        "Seite {n} von {m}",
        "Page {n} sur {m}",
        "Página {n} de {m}",
        "Página {n} de {m}",
    ),
    "page_short": ("Page {n}/{m}", "Seite {n}/{m}", "Page {n}/{m}", "Pág. {n}/{m}", "Pág. {n}/{m}"),
    "revision_date": (
        "Revision date",
        "Überarbeitet am",
        "Date de révision",
        "Fecha de revisión",
        "Data de revisão",
    ),
    "version": ("Version", "Version", "Version", "Versión", "Versão"),
    "product_name": (
        "Product name",
        "Handelsname",
        "Nom du produit",
        "Nombre del producto",
        "Nome do produto",
    ),
    "substance_name": (
        "Substance name",
        "Stoffname",
        "Nom de la substance",
        "Nombre de la sustancia",
        "Nome da substância",
    ),
    "product_code": (
        "Product code",
        "Artikelnummer",
        "Code du produit",
        "Código del producto",
        "Código do produto",
    ),
    "cas_no": ("CAS No.", "CAS-Nr.", "N° CAS", "N.º CAS", "N.º CAS"),
    "ec_no": ("EC No.", "EG-Nr.", "N° CE", "N.º CE", "N.º CE"),
    "reach_no": (
        "REACH Registration No.",
        "REACH-Registriernummer",
        "N° d'enregistrement REACH",
        "N.º de registro REACH",
        "N.º de registo REACH",
    ),
    "identified_uses": (
        "Identified uses",
        "Identifizierte Verwendungen",
        "Utilisations identifiées",
        "Usos identificados",
        "Utilizações identificadas",
    ),
    "uses_advised_against": (
        "Uses advised against: none known.",
        "Verwendungen, von denen abgeraten wird: keine bekannt.",
        "Utilisations déconseillées : aucune connue.",
        "Usos desaconsejados: ninguno conocido.",
        "Utilizações desaconselhadas: nenhuma conhecida.",
    ),
    "supplier": ("Supplier", "Lieferant", "Fournisseur", "Proveedor", "Fornecedor"),
    "manufacturer": ("Manufacturer", "Hersteller", "Fabricant", "Fabricante", "Fabricante"),
    "telephone": ("Telephone", "Telefon", "Téléphone", "Teléfono", "Telefone"),
    "email": ("E-mail", "E-Mail", "E-mail", "Correo electrónico", "E-mail"),
    "emergency": (
        "Emergency telephone number",
        "Notrufnummer",
        "Numéro d'appel d'urgence",
        "Teléfono de emergencia",
        "Número de telefone de emergência",
    ),
    "hours24": ("(24 h)", "(24 h)", "(24 h/24)", "(24 h)", "(24 h)"),
    "office_hours": (
        "(office hours only)",
        "(nur während der Bürozeiten)",
        "(uniquement aux heures de bureau)",
        "(solo en horario de oficina)",
        "(apenas no horário de expediente)",
    ),
    "classification_reg": (
        "Classification according to Regulation (EC) No 1272/2008 [CLP]",
        "Einstufung gemäß Verordnung (EG) Nr. 1272/2008 [CLP]",
        "Classification selon le règlement (CE) n° 1272/2008 [CLP]",
        "Clasificación conforme al Reglamento (CE) n.º 1272/2008 [CLP]",
        "Classificação de acordo com o Regulamento (CE) n.º 1272/2008 [CLP]",
    ),
    "labelling_reg": (
        "Labelling according to Regulation (EC) No 1272/2008 [CLP]",
        "Kennzeichnung gemäß Verordnung (EG) Nr. 1272/2008 [CLP]",
        "Étiquetage selon le règlement (CE) n° 1272/2008 [CLP]",
        "Etiquetado conforme al Reglamento (CE) n.º 1272/2008 [CLP]",
        "Rotulagem de acordo com o Regulamento (CE) n.º 1272/2008 [CLP]",
    ),
    "not_classified": (
        "The product is not classified as hazardous according to Regulation (EC) No 1272/2008.",
        "Das Produkt ist nach Verordnung (EG) Nr. 1272/2008 nicht als gefährlich eingestuft.",
        "Le produit n'est pas classé comme dangereux selon le règlement (CE) n° 1272/2008.",
        "El producto no está clasificado como peligroso según el Reglamento (CE) n.º 1272/2008.",
        "O produto não está classificado como perigoso de acordo com o Regulamento (CE) n.º 1272/2008.",
    ),
    "not_required": ("Not required", "Entfällt", "Non applicable", "No aplicable", "Não aplicável"),
    "signal_word": (
        "Signal word",
        "Signalwort",
        "Mention d'avertissement",
        "Palabra de advertencia",
        "Palavra-sinal",
    ),
    "pictograms": (
        "Hazard pictograms",
        "Gefahrenpiktogramme",
        "Pictogrammes de danger",
        "Pictogramas de peligro",
        "Pictogramas de perigo",
    ),
    "hazard_statements": (
        "Hazard statements",
        "Gefahrenhinweise",
        "Mentions de danger",
        "Indicaciones de peligro",
        "Advertências de perigo",
    ),
    "precautionary_statements": (
        "Precautionary statements",
        "Sicherheitshinweise",
        "Conseils de prudence",
        "Consejos de prudencia",
        "Recomendações de prudência",
    ),
    "supplemental": (
        "Supplemental hazard information (EU)",
        "Ergänzende Gefahrenmerkmale (EU)",
        "Informations additionnelles sur les dangers (UE)",
        "Información suplementaria sobre los peligros (UE)",
        "Informações suplementares sobre os perigos (UE)",
    ),
    "hazard_components": (
        "Hazard-determining components for labelling",
        "Gefahrbestimmende Komponenten zur Etikettierung",
        "Composants dangereux déterminants pour l'étiquetage",
        "Componentes peligrosos que determinan el etiquetado",
        "Componentes perigosos determinantes para a rotulagem",
    ),
    "other_hazards_text": (
        "This substance/mixture contains no components considered to be either persistent, bioaccumulative "
        "and "
        "toxic (PBT), or very persistent and very bioaccumulative (vPvB) at levels of 0.1% or higher.",
        "Dieser Stoff/dieses Gemisch enthält keine Komponenten, die als persistent, bioakkumulierbar und "
        "toxisch "
        "(PBT) oder sehr persistent und sehr bioakkumulierbar (vPvB) gelten, in Konzentrationen von 0,1 % "
        "oder höher.",
        "Cette substance/ce mélange ne contient aucun composant considéré comme persistant, bioaccumulable "
        "et "
        "toxique (PBT), ou très persistant et très bioaccumulable (vPvB) à des niveaux de 0,1 % ou plus.",
        "Esta sustancia/mezcla no contiene componentes considerados persistentes, bioacumulativos y tóxicos "
        "(PBT) "
        "o muy persistentes y muy bioacumulativos (mPmB) en niveles del 0,1 % o superiores.",
        "Esta substância/mistura não contém componentes considerados persistentes, bioacumuláveis e tóxicos "
        "(PBT) "
        "ou muito persistentes e muito bioacumuláveis (mPmB) em níveis de 0,1 % ou superiores.",
    ),
    "component": ("Substance", "Bezeichnung", "Substance", "Sustancia", "Substância"),
    "concentration": ("Concentration", "Konzentration", "Concentration", "Concentración", "Concentração"),
    "classification_short": (
        "Classification (EC) No 1272/2008",
        "Einstufung (EG) Nr. 1272/2008",
        "Classification (CE) n° 1272/2008",
        "Clasificación (CE) n.º 1272/2008",
        "Classificação (CE) n.º 1272/2008",
    ),
    "purity": ("Purity", "Reinheit", "Pureté", "Pureza", "Pureza"),
    "water_rest": (
        "Water and non-hazardous components make up the remainder to 100 %.",
        "Wasser und nicht gefährliche Bestandteile ergänzen auf 100 %.",
        "L'eau et des composants non dangereux complètent à 100 %.",
        "El agua y componentes no peligrosos completan hasta el 100 %.",
        "A água e componentes não perigosos completam até 100 %.",
    ),
    "physical_state": (
        "Physical state",
        "Aggregatzustand",
        "État physique",
        "Estado físico",
        "Estado físico",
    ),
    "colour": ("Colour", "Farbe", "Couleur", "Color", "Cor"),
    "odour": ("Odour", "Geruch", "Odeur", "Olor", "Odor"),
    "boiling_point": (
        "Boiling point/boiling range",
        "Siedepunkt/Siedebereich",
        "Point/intervalle d'ébullition",
        "Punto/intervalo de ebullición",
        "Ponto/intervalo de ebulição",
    ),
    "flash_point": (
        "Flash point",
        "Flammpunkt",
        "Point d'éclair",
        "Punto de inflamación",
        "Ponto de inflamação",
    ),
    "closed_cup": (
        "(closed cup)",
        "(geschlossener Tiegel)",
        "(coupelle fermée)",
        "(vaso cerrado)",
        "(vaso fechado)",
    ),
    "density": ("Density", "Dichte", "Densité", "Densidad", "Densidade"),
    "ph": ("pH", "pH-Wert", "pH", "pH", "pH"),
    "solubility": (
        "Water solubility",
        "Wasserlöslichkeit",
        "Hydrosolubilité",
        "Solubilidad en agua",
        "Solubilidade em água",
    ),
    "not_determined": (
        "not determined",
        "nicht bestimmt",
        "non déterminé",
        "no determinado",
        "não determinado",
    ),
    "not_applicable": (
        "not applicable",
        "nicht anwendbar",
        "non applicable",
        "no aplicable",
        "não aplicável",
    ),
    "un_number": ("UN number", "UN-Nummer", "Numéro ONU", "Número ONU", "Número ONU"),
    "shipping_name": (
        "UN proper shipping name",
        "Ordnungsgemäße UN-Versandbezeichnung",
        "Désignation officielle de transport de l'ONU",
        "Designación oficial de transporte de las Naciones Unidas",
        "Designação oficial de transporte da ONU",
    ),
    "transport_class": (
        "Transport hazard class(es)",
        "Transportgefahrenklassen",
        "Classe(s) de danger pour le transport",
        "Clase(s) de peligro para el transporte",
        "Classe(s) de perigo para efeitos de transporte",
    ),
    "packing_group": (
        "Packing group",
        "Verpackungsgruppe",
        "Groupe d'emballage",
        "Grupo de embalaje",
        "Grupo de embalagem",
    ),
    "not_dangerous_goods": (
        "Not dangerous goods according to the transport regulations (ADR/RID, IMDG, IATA).",
        "Kein Gefahrgut im Sinne der Transportvorschriften (ADR/RID, IMDG, IATA).",
        "Non soumis à la réglementation du transport (ADR/RID, IMDG, IATA).",
        "Mercancía no peligrosa según las normas de transporte (ADR/RID, IMDG, IATA).",
        "Mercadoria não perigosa segundo as regras de transporte (ADR/RID, IMDG, IATA).",
    ),
    "full_text_h": (
        "Full text of the H-statements referred to in Section 3",
        "Wortlaut der in Abschnitt 3 genannten H-Sätze",
        "Texte intégral des mentions H citées à la rubrique 3",
        "Texto completo de las frases H mencionadas en la sección 3",
        "Texto integral das advertências de perigo (H) referidas na secção 3",
    ),
    "prepared_by": ("Prepared by", "Erstellt von", "Établi par", "Elaborado por", "Elaborado por"),
    "signature": ("Signature", "Unterschrift", "Signature", "Firma", "Assinatura"),
    "changes": (
        "Changes to the previous version: sections {s}.",
        "Änderungen gegenüber der Vorversion: Abschnitte {s}.",
        "Modifications par rapport à la version précédente : rubriques {s}.",
        "Cambios respecto a la versión anterior: secciones {s}.",
        "Alterações em relação à versão anterior: secções {s}.",
    ),
    "product_safety": (
        "Product Safety Department",
        "Abteilung Produktsicherheit",
        "Service Sécurité Produits",
        "Departamento de Seguridad de Producto",
        "Departamento de Segurança de Produto",
    ),
    "replaces": (
        "Replaces version",
        "Ersetzt Version",
        "Remplace la version",
        "Sustituye a la versión",
        "Substitui a versão",
    ),
    "print_date": (
        "Print date",
        "Druckdatum",
        "Date d'impression",
        "Fecha de impresión",
        "Data de impressão",
    ),
}

SUBSECTIONS: dict[str, L5] = {
    "1.1": (
        "Product identifier",
        "Produktidentifikator",
        "Identificateur de produit",
        "Identificador del producto",
        "Identificador do produto",
    ),
    "1.2": (
        "Relevant identified uses of the substance or mixture and uses advised against",
        "Relevante identifizierte Verwendungen des Stoffs oder Gemischs und Verwendungen, von denen "
        "abgeraten wird",
        "Utilisations identifiées pertinentes de la substance ou du mélange et utilisations déconseillées",
        "Usos pertinentes identificados de la sustancia o de la mezcla y usos desaconsejados",
        "Utilizações identificadas relevantes da substância ou mistura e utilizações desaconselhadas",
    ),
    "1.3": (
        "Details of the supplier of the safety data sheet",
        "Einzelheiten zum Lieferanten, der das Sicherheitsdatenblatt bereitstellt",
        "Renseignements concernant le fournisseur de la fiche de données de sécurité",
        "Datos del proveedor de la ficha de datos de seguridad",
        "Identificação do fornecedor da ficha de dados de segurança",
    ),
    "1.4": (
        "Emergency telephone number",
        "Notrufnummer",
        "Numéro d'appel d'urgence",
        "Teléfono de emergencia",
        "Número de telefone de emergência",
    ),
    "2.1": (
        "Classification of the substance or mixture",
        "Einstufung des Stoffs oder Gemischs",
        "Classification de la substance ou du mélange",
        "Clasificación de la sustancia o de la mezcla",
        "Classificação da substância ou mistura",
    ),
    "2.2": (
        "Label elements",
        "Kennzeichnungselemente",
        "Éléments d'étiquetage",
        "Elementos de la etiqueta",
        "Elementos do rótulo",
    ),
    "2.3": ("Other hazards", "Sonstige Gefahren", "Autres dangers", "Otros peligros", "Outros perigos"),
    "3.1": ("Substances", "Stoffe", "Substances", "Sustancias", "Substâncias"),
    "3.2": ("Mixtures", "Gemische", "Mélanges", "Mezclas", "Misturas"),
    "9.1": (
        "Information on basic physical and chemical properties",
        "Angaben zu den grundlegenden physikalischen und chemischen Eigenschaften",
        "Informations sur les propriétés physiques et chimiques essentielles",
        "Información sobre propiedades físicas y químicas básicas",
        "Informações sobre propriedades físicas e químicas de base",
    ),
    "14.1": (
        "UN number or ID number",
        "UN-Nummer oder ID-Nummer",
        "Numéro ONU ou numéro d'identification",
        "Número ONU o número ID",
        "Número ONU ou número de ID",
    ),
    "16": (
        "Other information",
        "Sonstige Angaben",
        "Autres informations",
        "Otra información",
        "Outras informações",
    ),
}

SECTION_TEXT: dict[int, tuple[L5, ...]] = {
    4: (
        (
            "General information: Remove contaminated clothing immediately. If symptoms persist, consult a "
            "doctor.",
            "Allgemeine Hinweise: Verunreinigte Kleidung sofort ausziehen. Bei anhaltenden Beschwerden Arzt "
            "konsultieren.",
            "Informations générales : Enlever immédiatement les vêtements contaminés. Si les symptômes "
            "persistent, "
            "consulter un médecin.",
            "Información general: Quitar inmediatamente la ropa contaminada. Si los síntomas persisten, "
            "consultar a "
            "un médico.",
            "Informações gerais: Retirar imediatamente a roupa contaminada. Se os sintomas persistirem, "
            "consultar um "
            "médico.",
        ),
        (
            "After inhalation: Move the person to fresh air and keep at rest in a position comfortable for "
            "breathing.",
            "Nach Einatmen: Person an die frische Luft bringen und in einer Position ruhigstellen, die das "
            "Atmen "
            "erleichtert.",
            "Après inhalation : Transporter la personne à l'air frais et la maintenir dans une position où "
            "elle peut "
            "confortablement respirer.",
            "En caso de inhalación: Trasladar a la persona al aire libre y mantenerla en una posición que "
            "le facilite "
            "la respiración.",
            "Após inalação: Retirar a pessoa para uma zona ao ar livre e mantê-la numa posição que não "
            "dificulte a "
            "respiração.",
        ),
        (
            "After skin contact: Wash off immediately with plenty of water.",
            "Nach Hautkontakt: Sofort mit viel Wasser abwaschen.",
            "Après contact avec la peau : Laver immédiatement et abondamment à l'eau.",
            "En caso de contacto con la piel: Lavar inmediatamente con abundante agua.",
            "Após contacto com a pele: Lavar imediatamente com água abundante.",
        ),
        (
            "After eye contact: Rinse the opened eye for several minutes under running water. Consult an "
            "ophthalmologist.",
            "Nach Augenkontakt: Augen bei geöffnetem Lidspalt mehrere Minuten unter fließendem Wasser "
            "spülen. "
            "Augenarzt aufsuchen.",
            "Après contact avec les yeux : Rincer les yeux ouverts pendant plusieurs minutes sous l'eau "
            "courante. "
            "Consulter un ophtalmologiste.",
            "En caso de contacto con los ojos: Enjuagar los ojos abiertos durante varios minutos con agua "
            "corriente. "
            "Consultar a un oftalmólogo.",
            "Após contacto com os olhos: Enxaguar os olhos abertos durante vários minutos em água corrente. "
            "Consultar "
            "um oftalmologista.",
        ),
        (
            "After swallowing: Rinse mouth. Do not induce vomiting. Call a doctor immediately.",
            "Nach Verschlucken: Mund ausspülen. Kein Erbrechen herbeiführen. Sofort Arzt hinzuziehen.",
            "Après ingestion : Rincer la bouche. Ne pas faire vomir. Appeler immédiatement un médecin.",
            "En caso de ingestión: Enjuagar la boca. No provocar el vómito. Llamar inmediatamente a un "
            "médico.",
            "Após ingestão: Enxaguar a boca. Não provocar o vómito. Chamar imediatamente um médico.",
        ),
        (
            "Notes for the doctor: Treat symptomatically.",
            "Hinweise für den Arzt: Symptomatische Behandlung.",
            "Note pour le médecin : Traitement symptomatique.",
            "Notas para el médico: Tratamiento sintomático.",
            "Notas para o médico: Tratamento sintomático.",
        ),
    ),
    5: (
        (
            "Suitable extinguishing media: alcohol-resistant foam, carbon dioxide, dry powder, water spray.",
            "Geeignete Löschmittel: alkoholbeständiger Schaum, Kohlendioxid, Löschpulver, Sprühwasser.",
            "Moyens d'extinction appropriés : mousse résistant aux alcools, dioxyde de carbone, poudre "
            "sèche, eau "
            "pulvérisée.",
            "Medios de extinción apropiados: espuma resistente al alcohol, dióxido de carbono, polvo seco, "
            "agua "
            "pulverizada.",
            "Meios adequados de extinção: espuma resistente ao álcool, dióxido de carbono, pó químico, água "
            "pulverizada.",
        ),
        (
            "Unsuitable extinguishing media: full water jet.",
            "Ungeeignete Löschmittel: Wasservollstrahl.",
            "Moyens d'extinction inappropriés : jet d'eau à grand débit.",
            "Medios de extinción no apropiados: chorro de agua directo.",
            "Meios inadequados de extinção: jato de água direto.",
        ),
        (
            "Hazardous combustion products: carbon monoxide, carbon dioxide and other toxic gases may be "
            "formed in a "
            "fire.",
            "Gefährliche Verbrennungsprodukte: Im Brandfall können Kohlenmonoxid, Kohlendioxid und andere "
            "giftige Gase "
            "entstehen.",
            "Produits de combustion dangereux : en cas d'incendie, formation possible de monoxyde de "
            "carbone, de "
            "dioxyde de carbone et d'autres gaz toxiques.",
            "Productos de combustión peligrosos: en caso de incendio pueden formarse monóxido de carbono, "
            "dióxido de "
            "carbono y otros gases tóxicos.",
            "Produtos de combustão perigosos: em caso de incêndio podem formar-se monóxido de carbono, "
            "dióxido de "
            "carbono e outros gases tóxicos.",
        ),
        (
            "Advice for firefighters: Wear self-contained breathing apparatus and full protective clothing. "
            "Cool "
            "endangered containers with water spray.",
            "Hinweise für die Brandbekämpfung: Umluftunabhängiges Atemschutzgerät und Vollschutzanzug "
            "tragen. "
            "Gefährdete Behälter mit Sprühwasser kühlen.",
            "Conseils aux pompiers : Porter un appareil respiratoire autonome et une combinaison de "
            "protection "
            "complète. Refroidir les récipients exposés par pulvérisation d'eau.",
            "Recomendaciones para el personal de lucha contra incendios: Llevar equipo de respiración "
            "autónomo y traje "
            "de protección completo. Enfriar los recipientes expuestos con agua pulverizada.",
            "Recomendações para o pessoal de combate a incêndios: Usar aparelho respiratório autónomo e "
            "vestuário de "
            "proteção completo. Arrefecer os recipientes expostos com água pulverizada.",
        ),
    ),
    6: (
        (
            "Personal precautions: Ensure adequate ventilation. Avoid contact with skin and eyes. Keep "
            "unprotected "
            "persons away.",
            "Personenbezogene Vorsichtsmaßnahmen: Für ausreichende Lüftung sorgen. Berührung mit Haut und "
            "Augen "
            "vermeiden. Ungeschützte Personen fernhalten.",
            "Précautions individuelles : Assurer une ventilation adéquate. Éviter le contact avec la peau "
            "et les yeux. "
            "Éloigner les personnes non protégées.",
            "Precauciones personales: Asegurar una ventilación adecuada. Evitar el contacto con la piel y "
            "los ojos. "
            "Mantener alejadas a las personas sin protección.",
            "Precauções individuais: Assegurar ventilação adequada. Evitar o contacto com a pele e os "
            "olhos. Manter "
            "afastadas as pessoas sem proteção.",
        ),
        (
            "Environmental precautions: Do not allow to enter drains, surface water or groundwater.",
            "Umweltschutzmaßnahmen: Nicht in die Kanalisation, in Oberflächenwasser oder Grundwasser "
            "gelangen lassen.",
            "Précautions pour la protection de l'environnement : Ne pas laisser pénétrer dans les égouts, "
            "les eaux de "
            "surface ou les eaux souterraines.",
            "Precauciones relativas al medio ambiente: No dejar que penetre en el alcantarillado, las aguas "
            "superficiales o subterráneas.",
            "Precauções a nível ambiental: Não deixar entrar nos esgotos, águas superficiais ou "
            "subterrâneas.",
        ),
        (
            "Methods for cleaning up: Absorb with liquid-binding material (sand, diatomite, universal "
            "binder) and "
            "dispose of according to the regulations.",
            "Methoden zur Reinigung: Mit flüssigkeitsbindendem Material (Sand, Kieselgur, Universalbinder) "
            "aufnehmen "
            "und vorschriftsmäßig entsorgen.",
            "Méthodes de nettoyage : Absorber avec un matériau absorbant (sable, diatomite, liant "
            "universel) et "
            "éliminer conformément à la réglementation.",
            "Métodos de limpieza: Recoger con material absorbente (arena, tierra de diatomeas, aglutinante "
            "universal) y "
            "eliminar según la normativa.",
            "Métodos de limpeza: Recolher com material absorvente (areia, terra de diatomáceas, absorvente "
            "universal) "
            "e eliminar de acordo com a regulamentação.",
        ),
    ),
    7: (
        (
            "Precautions for safe handling: Use only in well-ventilated areas. Avoid the formation of "
            "aerosols.",
            "Schutzmaßnahmen zur sicheren Handhabung: Nur in gut belüfteten Bereichen verwenden. "
            "Aerosolbildung "
            "vermeiden.",
            "Précautions à prendre pour une manipulation sans danger : Utiliser uniquement dans des zones "
            "bien "
            "ventilées. Éviter la formation d'aérosols.",
            "Precauciones para una manipulación segura: Utilizar solo en zonas bien ventiladas. Evitar la "
            "formación de "
            "aerosoles.",
            "Precauções para um manuseamento seguro: Utilizar apenas em áreas bem ventiladas. Evitar a "
            "formação de "
            "aerossóis.",
        ),
        (
            "Conditions for safe storage: Keep container tightly closed in a cool, well-ventilated place. "
            "Store away "
            "from food and animal feed.",
            "Bedingungen zur sicheren Lagerung: Behälter dicht geschlossen an einem kühlen, gut belüfteten "
            "Ort "
            "aufbewahren. Von Nahrungsmitteln und Futtermitteln fernhalten.",
            "Conditions d'un stockage sûr : Conserver le récipient bien fermé dans un endroit frais et bien "
            "ventilé. "
            "Stocker à l'écart des aliments et des aliments pour animaux.",
            "Condiciones de almacenamiento seguro: Mantener el recipiente herméticamente cerrado en un "
            "lugar fresco y "
            "bien ventilado. Almacenar lejos de alimentos y piensos.",
            "Condições de armazenagem segura: Manter o recipiente bem fechado em local fresco e bem "
            "ventilado. "
            "Armazenar afastado de alimentos e rações.",
        ),
        (
            "Specific end use(s): No further information available.",
            "Spezifische Endanwendungen: Keine weiteren Informationen verfügbar.",
            "Utilisation(s) finale(s) particulière(s) : Pas d'autres informations disponibles.",
            "Usos específicos finales: No hay más información disponible.",
            "Utilizações finais específicas: Não existem mais informações disponíveis.",
        ),
    ),
    8: (
        (
            "Occupational exposure limits: observe the national limit values for the components listed in "
            "Section 3.",
            "Arbeitsplatzgrenzwerte: Die nationalen Grenzwerte für die in Abschnitt 3 genannten "
            "Bestandteile beachten.",
            "Valeurs limites d'exposition professionnelle : respecter les valeurs limites nationales des "
            "composants "
            "mentionnés à la rubrique 3.",
            "Límites de exposición profesional: respetar los valores límite nacionales de los componentes "
            "indicados en "
            "la sección 3.",
            "Valores-limite de exposição profissional: respeitar os valores-limite nacionais dos "
            "componentes indicados "
            "na secção 3.",
        ),
        (
            "Eye/face protection: Tightly sealed safety goggles (EN 166).",
            "Augen-/Gesichtsschutz: Dicht schließende Schutzbrille (EN 166).",
            "Protection des yeux/du visage : Lunettes de protection étanches (EN 166).",
            "Protección de los ojos/la cara: Gafas de protección herméticas (EN 166).",
            "Proteção ocular/facial: Óculos de proteção bem ajustados (EN 166).",
        ),
        (
            "Hand protection: Protective gloves of nitrile rubber, layer thickness 0.4 mm, breakthrough "
            "time > 480 min "
            "(EN 374).",
            "Handschutz: Schutzhandschuhe aus Nitrilkautschuk, Schichtstärke 0,4 mm, Durchbruchzeit > 480 "
            "min "
            "(EN 374).",
            "Protection des mains : Gants de protection en caoutchouc nitrile, épaisseur 0,4 mm, temps de "
            "pénétration "
            "> 480 min (EN 374).",
            "Protección de las manos: Guantes de protección de caucho nitrílico, espesor 0,4 mm, tiempo de "
            "penetración > 480 min (EN 374).",
            "Proteção das mãos: Luvas de proteção de borracha nitrílica, espessura 0,4 mm, tempo de rutura "
            "> 480 min "
            "(EN 374).",
        ),
        (
            "Respiratory protection: If ventilation is insufficient, use a filter device with filter type A "
            "(EN 14387).",
            "Atemschutz: Bei unzureichender Belüftung Filtergerät mit Filter Typ A (EN 14387) verwenden.",
            "Protection respiratoire : En cas de ventilation insuffisante, utiliser un appareil filtrant "
            "avec filtre "
            "de type A (EN 14387).",
            "Protección respiratoria: En caso de ventilación insuficiente, utilizar un equipo filtrante con "
            "filtro de "
            "tipo A (EN 14387).",
            "Proteção respiratória: Em caso de ventilação insuficiente, utilizar um aparelho filtrante com "
            "filtro do "
            "tipo A (EN 14387).",
        ),
    ),
    10: (
        (
            "Reactivity: No hazardous reactions known if used as intended.",
            "Reaktivität: Bei bestimmungsgemäßer Verwendung keine gefährlichen Reaktionen bekannt.",
            "Réactivité : Aucune réaction dangereuse connue dans les conditions normales d'utilisation.",
            "Reactividad: No se conocen reacciones peligrosas si se utiliza según lo previsto.",
            "Reatividade: Não são conhecidas reações perigosas se utilizado conforme previsto.",
        ),
        (
            "Chemical stability: The product is stable under the recommended storage conditions.",
            "Chemische Stabilität: Das Produkt ist unter den empfohlenen Lagerbedingungen stabil.",
            "Stabilité chimique : Le produit est stable dans les conditions de stockage recommandées.",
            "Estabilidad química: El producto es estable en las condiciones de almacenamiento recomendadas.",
            "Estabilidade química: O produto é estável nas condições de armazenagem recomendadas.",
        ),
        (
            "Conditions to avoid: heat, open flames and other sources of ignition.",
            "Zu vermeidende Bedingungen: Hitze, offene Flammen und andere Zündquellen.",
            "Conditions à éviter : chaleur, flammes nues et autres sources d'ignition.",
            "Condiciones que deben evitarse: calor, llamas abiertas y otras fuentes de ignición.",
            "Condições a evitar: calor, chamas abertas e outras fontes de ignição.",
        ),
        (
            "Incompatible materials: strong oxidising agents, strong acids and bases.",
            "Unverträgliche Materialien: starke Oxidationsmittel, starke Säuren und Basen.",
            "Matières incompatibles : agents oxydants forts, acides et bases forts.",
            "Materiales incompatibles: agentes oxidantes fuertes, ácidos y bases fuertes.",
            "Materiais incompatíveis: agentes oxidantes fortes, ácidos e bases fortes.",
        ),
    ),
    11: (
        (
            "Information on toxicological effects: The classification is based on the calculation method of "
            "Regulation (EC) No 1272/2008.",
            "Angaben zu toxikologischen Wirkungen: Die Einstufung beruht auf dem Berechnungsverfahren der "
            "Verordnung "
            "(EG) Nr. 1272/2008.",
            "Informations sur les effets toxicologiques : La classification est fondée sur la méthode de "
            "calcul du "
            "règlement (CE) n° 1272/2008.",
            "Información sobre los efectos toxicológicos: La clasificación se basa en el método de cálculo "
            "del "
            "Reglamento (CE) n.º 1272/2008.",
            "Informações sobre os efeitos toxicológicos: A classificação baseia-se no método de cálculo do "
            "Regulamento "
            "(CE) n.º 1272/2008.",
        ),
        (
            "Acute toxicity: no data available for the product as such.",
            "Akute Toxizität: Für das Produkt als solches liegen keine Daten vor.",
            "Toxicité aiguë : aucune donnée disponible pour le produit en tant que tel.",
            "Toxicidad aguda: no hay datos disponibles para el producto como tal.",
            "Toxicidade aguda: não existem dados disponíveis para o produto enquanto tal.",
        ),
        (
            "Further information: No further relevant information available.",
            "Weitere Angaben: Keine weiteren relevanten Informationen verfügbar.",
            "Autres informations : Pas d'autres informations pertinentes disponibles.",
            "Otras informaciones: No hay más información relevante disponible.",
            "Outras informações: Não existem mais informações relevantes disponíveis.",
        ),
    ),
    12: (
        (
            "Toxicity: no ecotoxicological data available for the product.",
            "Toxizität: Für das Produkt liegen keine ökotoxikologischen Daten vor.",
            "Toxicité : aucune donnée écotoxicologique disponible pour le produit.",
            "Toxicidad: no hay datos ecotoxicológicos disponibles para el producto.",
            "Toxicidade: não existem dados ecotoxicológicos disponíveis para o produto.",
        ),
        (
            "Persistence and degradability: no data available.",
            "Persistenz und Abbaubarkeit: Keine Daten verfügbar.",
            "Persistance et dégradabilité : aucune donnée disponible.",
            "Persistencia y degradabilidad: no hay datos disponibles.",
            "Persistência e degradabilidade: não existem dados disponíveis.",
        ),
        (
            "Results of PBT and vPvB assessment: not applicable.",
            "Ergebnisse der PBT- und vPvB-Beurteilung: Nicht anwendbar.",
            "Résultats des évaluations PBT et vPvB : non applicable.",
            "Resultados de la valoración PBT y mPmB: no aplicable.",
            "Resultados da avaliação PBT e mPmB: não aplicável.",
        ),
        (
            "Do not allow undiluted product or large quantities to reach groundwater, watercourses or "
            "sewage systems.",
            "Unverdünntes Produkt bzw. größere Mengen nicht ins Grundwasser, Gewässer oder in die "
            "Kanalisation "
            "gelangen lassen.",
            "Ne pas laisser le produit non dilué ou en grande quantité pénétrer dans les eaux souterraines, "
            "les cours "
            "d'eau ou les égouts.",
            "No permitir que el producto sin diluir o en grandes cantidades llegue a las aguas "
            "subterráneas, cursos de "
            "agua o al alcantarillado.",
            "Não permitir que o produto não diluído ou em grandes quantidades atinja águas subterrâneas, "
            "cursos de "
            "água ou esgotos.",
        ),
    ),
    13: (
        (
            "Waste treatment methods: Dispose of in accordance with local and national regulations. Waste "
            "code "
            "according to the European Waste Catalogue: 07 01 04*.",
            "Verfahren der Abfallbehandlung: Entsorgung gemäß den behördlichen Vorschriften. "
            "Abfallschlüssel nach "
            "Europäischem Abfallverzeichnis: 07 01 04*.",
            "Méthodes de traitement des déchets : Éliminer conformément aux réglementations locales et "
            "nationales. "
            "Code déchet selon le catalogue européen des déchets : 07 01 04*.",
            "Métodos para el tratamiento de residuos: Eliminar de acuerdo con la normativa local y "
            "nacional. Código de "
            "residuo según el Catálogo Europeo de Residuos: 07 01 04*.",
            "Métodos de tratamento de resíduos: Eliminar de acordo com a regulamentação local e nacional. "
            "Código de "
            "resíduo segundo a Lista Europeia de Resíduos: 07 01 04*.",
        ),
        (
            "Contaminated packaging: Empty containers completely; they can be recycled after cleaning.",
            "Ungereinigte Verpackungen: Behälter restlos entleeren; nach Reinigung können sie der "
            "Wiederverwertung "
            "zugeführt werden.",
            "Emballages contaminés : Vider complètement les récipients ; après nettoyage, ils peuvent être "
            "recyclés.",
            "Envases contaminados: Vaciar completamente los envases; después de la limpieza pueden "
            "reciclarse.",
            "Embalagens contaminadas: Esvaziar completamente os recipientes; após limpeza podem ser "
            "reciclados.",
        ),
    ),
    15: (
        (
            "Safety, health and environmental regulations specific for the substance or mixture: Regulation "
            "(EC) "
            "No 1907/2006 (REACH), Regulation (EC) No 1272/2008 (CLP).",
            "Vorschriften zu Sicherheit, Gesundheits- und Umweltschutz für den Stoff oder das Gemisch: "
            "Verordnung (EG) "
            "Nr. 1907/2006 (REACH), Verordnung (EG) Nr. 1272/2008 (CLP).",
            "Réglementations particulières à la substance ou au mélange en matière de sécurité, de santé et "
            "d'environnement : Règlement (CE) n° 1907/2006 (REACH), Règlement (CE) n° 1272/2008 (CLP).",
            "Reglamentación y legislación en materia de seguridad, salud y medio ambiente específicas para "
            "la "
            "sustancia o la mezcla: Reglamento (CE) n.º 1907/2006 (REACH), Reglamento (CE) n.º 1272/2008 "
            "(CLP).",
            "Regulamentação/legislação específica para a substância ou mistura em matéria de saúde, "
            "segurança e "
            "ambiente: Regulamento (CE) n.º 1907/2006 (REACH), Regulamento (CE) n.º 1272/2008 (CLP).",
        ),
        (
            "Directive 2012/18/EU (Seveso III): observe the qualifying quantities listed in Annex I.",
            "Richtlinie 2012/18/EU (Seveso III): Mengenschwellen nach Anhang I beachten.",
            "Directive 2012/18/UE (Seveso III) : respecter les quantités seuils de l'annexe I.",
            "Directiva 2012/18/UE (Seveso III): respetar las cantidades umbral del anexo I.",
            "Diretiva 2012/18/UE (Seveso III): respeitar as quantidades-limiar do anexo I.",
        ),
        (
            "Chemical safety assessment: A chemical safety assessment has not been carried out.",
            "Stoffsicherheitsbeurteilung: Eine Stoffsicherheitsbeurteilung wurde nicht durchgeführt.",
            "Évaluation de la sécurité chimique : Une évaluation de la sécurité chimique n'a pas été "
            "effectuée.",
            "Evaluación de la seguridad química: No se ha llevado a cabo una evaluación de la seguridad "
            "química.",
            "Avaliação da segurança química: Não foi efetuada uma avaliação da segurança química.",
        ),
    ),
    16: (
        (
            "The information given is based on our present state of knowledge and describes the product "
            "with regard to "
            "safety requirements. It does not constitute a guarantee of product properties.",
            "Die Angaben stützen sich auf den heutigen Stand unserer Kenntnisse und beschreiben das Produkt "
            "im Hinblick "
            "auf Sicherheitserfordernisse. Sie stellen keine Zusicherung von Produkteigenschaften dar.",
            "Les informations fournies reposent sur l'état actuel de nos connaissances et décrivent le "
            "produit du point "
            "de vue des exigences de sécurité. Elles ne constituent pas une garantie des propriétés du "
            "produit.",
            "La información facilitada se basa en nuestros conocimientos actuales y describe el producto en "
            "relación "
            "con los requisitos de seguridad. No constituye una garantía de las propiedades del producto.",
            "As informações fornecidas baseiam-se no estado atual dos nossos conhecimentos e descrevem o "
            "produto no que "
            "respeita aos requisitos de segurança. Não constituem uma garantia das propriedades do produto.",
        ),
        (
            "Abbreviations: ADR: European Agreement concerning the International Carriage of Dangerous "
            "Goods by Road; "
            "CAS: Chemical Abstracts Service; PBT: persistent, bioaccumulative and toxic.",
            "Abkürzungen: ADR: Europäisches Übereinkommen über die internationale Beförderung gefährlicher "
            "Güter auf "
            "der Straße; CAS: Chemical Abstracts Service; PBT: persistent, bioakkumulierbar und toxisch.",
            "Abréviations : ADR : Accord européen relatif au transport international des marchandises "
            "dangereuses par "
            "route ; CAS : Chemical Abstracts Service ; PBT : persistant, bioaccumulable et toxique.",
            "Abreviaturas: ADR: Acuerdo Europeo sobre el Transporte Internacional de Mercancías Peligrosas "
            "por "
            "Carretera; CAS: Chemical Abstracts Service; PBT: persistente, bioacumulativo y tóxico.",
            "Abreviaturas: ADR: Acordo Europeu relativo ao Transporte Internacional de Mercadorias "
            "Perigosas por "
            "Estrada; CAS: Chemical Abstracts Service; PBT: persistente, bioacumulável e tóxico.",
        ),
    ),
}

# Extra national sentences some languages add (Section 15).
NATIONAL_NOTES: dict[str, str] = {
    "de": "Wassergefährdungsklasse: WGK 1 (Einstufung gemäß AwSV).",
    "fr": "Maladies professionnelles (R-461-3, France) : non concerné.",
}

IDENTIFIED_USES: dict[str, L5] = {
    "solvent": (
        "Solvent for industrial and professional use",
        "Lösemittel für industrielle und gewerbliche Anwendungen",
        "Solvant à usage industriel et professionnel",
        "Disolvente para uso industrial y profesional",
        "Solvente para uso industrial e profissional",
    ),
    "cleaner": (
        "Cleaning agent",
        "Reinigungsmittel",
        "Produit de nettoyage",
        "Producto de limpieza",
        "Produto de limpeza",
    ),
    "laboratory": (
        "Laboratory chemical",
        "Laborchemikalie",
        "Produit chimique de laboratoire",
        "Producto químico de laboratorio",
        "Produto químico de laboratório",
    ),
    "disinfectant": (
        "Disinfectant, bleaching agent",
        "Desinfektionsmittel, Bleichmittel",
        "Désinfectant, agent de blanchiment",
        "Desinfectante, agente blanqueador",
        "Desinfetante, agente de branqueamento",
    ),
    "antifreeze": (
        "Antifreeze and coolant",
        "Frostschutz- und Kühlmittel",
        "Antigel et liquide de refroidissement",
        "Anticongelante y refrigerante",
        "Anticongelante e líquido de refrigeração",
    ),
    "additive": (
        "Process additive",
        "Prozesszusatz",
        "Additif de procédé",
        "Aditivo de proceso",
        "Aditivo de processo",
    ),
    "gas": ("Industrial gas", "Industriegas", "Gaz industriel", "Gas industrial", "Gás industrial"),
    "intermediate": (
        "Intermediate for chemical synthesis",
        "Zwischenprodukt für die chemische Synthese",
        "Intermédiaire de synthèse chimique",
        "Intermedio para síntesis química",
        "Intermediário para síntese química",
    ),
}

PRODUCT_TYPE_NAMES: dict[str, L5] = {
    "thinner": ("Thinner", "Verdünnung", "Diluant", "Diluyente", "Diluente"),
    "degreaser": ("Degreaser", "Entfetter", "Dégraissant", "Desengrasante", "Desengordurante"),
    "acid_cleaner": ("Acid Cleaner", "Säurereiniger", "Nettoyant acide", "Limpiador ácido", "Limpador ácido"),
    "alkaline_cleaner": (
        "Alkaline Cleaner",
        "Alkalischer Reiniger",
        "Nettoyant alcalin",
        "Limpiador alcalino",
        "Limpador alcalino",
    ),
    "disinfectant": ("Disinfectant", "Desinfektionsmittel", "Désinfectant", "Desinfectante", "Desinfetante"),
    "antifreeze": ("Antifreeze", "Frostschutz", "Antigel", "Anticongelante", "Anticongelante"),
    "additive": ("Additive", "Zusatz", "Additif", "Aditivo", "Aditivo"),
    "fixative": (
        "Fixative Solution",
        "Fixierlösung",
        "Solution fixatrice",
        "Solución fijadora",
        "Solução fixadora",
    ),
}

GRADES: dict[str, tuple[str, ...]] = {
    "en": ("technical grade", "for analysis", "reagent grade", "99.5 %", "extra pure"),
    "de": ("technisch", "zur Analyse", "reinst", "99,5 %", "z.S."),
    "fr": ("qualité technique", "pour analyse", "pur", "99,5 %", "extra pur"),
    "es": ("calidad técnica", "para análisis", "grado reactivo", "99,5 %", "extra puro"),
    "pt": ("grau técnico", "para análise", "p.a.", "99,5 %", "extra puro"),
}

STATES: dict[str, L5] = {
    "liquid": ("liquid", "flüssig", "liquide", "líquido", "líquido"),
    "solid": ("solid", "fest", "solide", "sólido", "sólido"),
    "gas": ("gas", "gasförmig", "gaz", "gas", "gás"),
}

COLOURS: dict[str, L5] = {
    "colourless": ("colourless", "farblos", "incolore", "incoloro", "incolor"),
    "white": ("white", "weiß", "blanc", "blanco", "branco"),
    "blue": ("blue", "blau", "bleu", "azul", "azul"),
    "yellowish": ("yellowish", "gelblich", "jaunâtre", "amarillento", "amarelado"),
    "violet": ("dark violet", "dunkelviolett", "violet foncé", "violeta oscuro", "violeta escuro"),
}

ODOURS: dict[str, L5] = {
    "characteristic": (
        "characteristic",
        "charakteristisch",
        "caractéristique",
        "característico",
        "característico",
    ),
    "odourless": ("odourless", "geruchlos", "inodore", "inodoro", "inodoro"),
    "pungent": ("pungent", "stechend", "piquant", "picante", "pungente"),
}

PICTOGRAM_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "GHS01": "Exploding bomb",
        "GHS02": "Flame",
        "GHS03": "Flame over circle",
        "GHS04": "Gas cylinder",
        "GHS05": "Corrosion",
        "GHS06": "Skull and crossbones",
        "GHS07": "Exclamation mark",
        "GHS08": "Health hazard",
        "GHS09": "Environment",
    },
    "de": {
        "GHS01": "Explodierende Bombe",
        "GHS02": "Flamme",
        "GHS03": "Flamme über einem Kreis",
        "GHS04": "Gasflasche",
        "GHS05": "Ätzwirkung",
        "GHS06": "Totenkopf mit gekreuzten Knochen",
        "GHS07": "Ausrufezeichen",
        "GHS08": "Gesundheitsgefahr",
        "GHS09": "Umwelt",
    },
    "fr": {
        "GHS01": "Bombe explosant",
        "GHS02": "Flamme",
        "GHS03": "Flamme au-dessus d'un cercle",
        "GHS04": "Bouteille à gaz",
        "GHS05": "Corrosion",
        "GHS06": "Tête de mort sur deux tibias",
        "GHS07": "Point d'exclamation",
        "GHS08": "Danger pour la santé",
        "GHS09": "Environnement",
    },
    "es": {
        "GHS01": "Bomba explotando",
        "GHS02": "Llama",
        "GHS03": "Llama sobre círculo",
        "GHS04": "Bombona de gas",
        "GHS05": "Corrosión",
        "GHS06": "Calavera y tibias cruzadas",
        "GHS07": "Signo de exclamación",
        "GHS08": "Peligro para la salud",
        "GHS09": "Medio ambiente",
    },
    "pt": {
        "GHS01": "Bomba a explodir",
        "GHS02": "Chama",
        "GHS03": "Chama sobre círculo",
        "GHS04": "Garrafa de gás",
        "GHS05": "Corrosão",
        "GHS06": "Caveira e ossos cruzados",
        "GHS07": "Ponto de exclamação",
        "GHS08": "Perigo para a saúde",
        "GHS09": "Ambiente",
    },
}

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "pt": (
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ),
}

# Date styles each language uses; "iso_slash" (2018/05/22) appears everywhere now and then.
DATE_STYLES: dict[str, tuple[str, ...]] = {
    "en": ("month_day_year", "day_month_year", "dmy_slash", "iso"),
    "de": ("dmy_dot", "dmy_dot", "day_month_year"),
    "fr": ("dmy_slash", "day_month_year", "dmy_slash"),
    "es": ("dmy_slash", "day_de_month", "dmy_dash"),
    "pt": ("dmy_slash", "dmy_dash", "day_de_month"),
}


def format_date(value: date, style: str, language: str) -> str:
    """Print a date the way SDS in that language do ("22.05.2018", "May 22, 2018", "22 de maio de 2018")."""
    month = MONTHS[language][value.month - 1]
    if style == "month_day_year":
        return f"{month} {value.day}, {value.year}"
    if style == "day_month_year":
        separator = ". " if language == "de" else " "
        return f"{value.day}{separator}{month} {value.year}"
    if style == "day_de_month":
        return f"{value.day} de {month} de {value.year}"
    if style == "dmy_dot":
        return value.strftime("%d.%m.%Y")
    if style == "dmy_slash":
        return value.strftime("%d/%m/%Y")
    if style == "dmy_dash":
        return value.strftime("%d-%m-%Y")
    if style == "iso_slash":
        return value.strftime("%Y/%m/%d")
    return value.isoformat()


COUNTRY_NAMES: dict[str, L5] = {
    "DE": ("Germany", "Deutschland", "Allemagne", "Alemania", "Alemanha"),
    "AT": ("Austria", "Österreich", "Autriche", "Austria", "Áustria"),
    "CH": ("Switzerland", "Schweiz", "Suisse", "Suiza", "Suíça"),
    "FR": ("France", "Frankreich", "France", "Francia", "França"),
    "BE": ("Belgium", "Belgien", "Belgique", "Bélgica", "Bélgica"),
    "ES": ("Spain", "Spanien", "Espagne", "España", "Espanha"),
    "PT": ("Portugal", "Portugal", "Portugal", "Portugal", "Portugal"),
    "GB": ("United Kingdom", "Vereinigtes Königreich", "Royaume-Uni", "Reino Unido", "Reino Unido"),
    "IE": ("Ireland", "Irland", "Irlande", "Irlanda", "Irlanda"),
    "US": ("United States", "Vereinigte Staaten", "États-Unis", "Estados Unidos", "Estados Unidos"),
    "NL": ("Netherlands", "Niederlande", "Pays-Bas", "Países Bajos", "Países Baixos"),
}
