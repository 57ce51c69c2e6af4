"""The five collaborative areas (YTA), their OT centres and their 23 members.

Membership: Government Decree 91/2022 (https://www.finlex.fi/sv/laki/alkup/2022/20220091) and
https://stm.fi/yhteistyoalueet. Bilingual status: Hyvil and Kuntaliitto. Finnish and Swedish
names of the members and the Swedish and English names of the areas are the official ones; the
Swedish and English names of the centres are our renderings ("OT-keskus" has no official
translation yet).
"""

from django.db import migrations

# slug, (fi, sv, en), university hospital, centre (fi, sv, en)
AREAS = [
    (
        "etela-suomi",
        ("Etelä-Suomen yhteistyöalue", "Södra Finlands samarbetsområde", "Southern Finland collaborative area"),
        "HUS (HYKS)",
        ("Etelä-Suomen OT-keskus", "OT-centret i Södra Finland", "Southern Finland OT centre"),
    ),
    (
        "ita-suomi",
        ("Itä-Suomen yhteistyöalue", "Östra Finlands samarbetsområde", "Eastern Finland collaborative area"),
        "KYS",
        ("Itä-Suomen OT-keskus", "OT-centret i Östra Finland", "Eastern Finland OT centre"),
    ),
    (
        "sisa-suomi",
        ("Sisä-Suomen yhteistyöalue", "Inre Finlands samarbetsområde", "Inner Finland collaborative area"),
        "TAYS",
        ("Sisä-Suomen OT-keskus", "OT-centret i Inre Finland", "Inner Finland OT centre"),
    ),
    (
        "lansi-suomi",
        ("Länsi-Suomen yhteistyöalue", "Västra Finlands samarbetsområde", "Western Finland collaborative area"),
        "Tyks",
        ("Länsirannikon OT-keskus", "OT-centret på västkusten", "West Coast OT centre"),
    ),
    (
        "pohjois-suomi",
        ("Pohjois-Suomen yhteistyöalue", "Norra Finlands samarbetsområde", "Northern Finland collaborative area"),
        "OYS",
        ("Pohjoisen OT-keskus", "OT-centret i Norra Finland", "Northern Finland OT centre"),
    ),
]

# slug, area, kind, fi, sv, en, bilingual, sami rights
COUNTY = "wellbeing_county"
MEMBERS = [
    ("helsinki", "etela-suomi", "city", "Helsingin kaupunki", "Helsingfors stad", "City of Helsinki", True, False),
    ("hus", "etela-suomi", "joint_authority", "HUS-yhtymä", "HUS-sammanslutningen", "HUS Group", True, False),
    ("ita-uusimaa", "etela-suomi", COUNTY, "Itä-Uudenmaan hyvinvointialue", "Östra Nylands välfärdsområde", "", True, False),
    ("keski-uusimaa", "etela-suomi", COUNTY, "Keski-Uudenmaan hyvinvointialue", "Mellersta Nylands välfärdsområde", "", False, False),
    ("lansi-uusimaa", "etela-suomi", COUNTY, "Länsi-Uudenmaan hyvinvointialue", "Västra Nylands välfärdsområde", "", True, False),
    ("vantaa-kerava", "etela-suomi", COUNTY, "Vantaan ja Keravan hyvinvointialue", "Vanda och Kervo välfärdsområde", "", True, False),
    ("kymenlaakso", "etela-suomi", COUNTY, "Kymenlaakson hyvinvointialue", "Kymmenedalens välfärdsområde", "", True, False),
    ("etela-karjala", "etela-suomi", COUNTY, "Etelä-Karjalan hyvinvointialue", "Södra Karelens välfärdsområde", "", False, False),
    ("paijat-hame", "etela-suomi", COUNTY, "Päijät-Hämeen hyvinvointialue", "Päijänne-Tavastlands välfärdsområde", "", False, False),
    ("pohjois-savo", "ita-suomi", COUNTY, "Pohjois-Savon hyvinvointialue", "Norra Savolax välfärdsområde", "", False, False),
    ("keski-suomi", "ita-suomi", COUNTY, "Keski-Suomen hyvinvointialue", "Mellersta Finlands välfärdsområde", "", False, False),
    ("etela-savo", "ita-suomi", COUNTY, "Etelä-Savon hyvinvointialue", "Södra Savolax välfärdsområde", "", False, False),
    ("pohjois-karjala", "ita-suomi", COUNTY, "Pohjois-Karjalan hyvinvointialue", "Norra Karelens välfärdsområde", "", False, False),
    ("pirkanmaa", "sisa-suomi", COUNTY, "Pirkanmaan hyvinvointialue", "Birkalands välfärdsområde", "", False, False),
    ("kanta-hame", "sisa-suomi", COUNTY, "Kanta-Hämeen hyvinvointialue", "Egentliga Tavastlands välfärdsområde", "", False, False),
    ("etela-pohjanmaa", "sisa-suomi", COUNTY, "Etelä-Pohjanmaan hyvinvointialue", "Södra Österbottens välfärdsområde", "", False, False),
    ("varsinais-suomi", "lansi-suomi", COUNTY, "Varsinais-Suomen hyvinvointialue", "Egentliga Finlands välfärdsområde", "", True, False),
    ("satakunta", "lansi-suomi", COUNTY, "Satakunnan hyvinvointialue", "Satakunta välfärdsområde", "", False, False),
    ("pohjanmaa", "lansi-suomi", COUNTY, "Pohjanmaan hyvinvointialue", "Österbottens välfärdsområde", "", True, False),
    ("pohjois-pohjanmaa", "pohjois-suomi", COUNTY, "Pohjois-Pohjanmaan hyvinvointialue", "Norra Österbottens välfärdsområde", "", False, False),
    ("keski-pohjanmaa", "pohjois-suomi", COUNTY, "Keski-Pohjanmaan hyvinvointialue", "Mellersta Österbottens välfärdsområde", "", True, False),
    ("kainuu", "pohjois-suomi", COUNTY, "Kainuun hyvinvointialue", "Kajanalands välfärdsområde", "", False, False),
    ("lappi", "pohjois-suomi", COUNTY, "Lapin hyvinvointialue", "Lapplands välfärdsområde", "", False, True),
]


def load(apps, schema_editor):
    CollaborativeArea = apps.get_model("organisations", "CollaborativeArea")
    Centre = apps.get_model("organisations", "Centre")
    WellbeingRegion = apps.get_model("organisations", "WellbeingRegion")
    areas = {}
    for slug, (fi, sv, en), hospital, (c_fi, c_sv, c_en) in AREAS:
        area, _ = CollaborativeArea.objects.update_or_create(
            slug=slug,
            defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "university_hospital": hospital},
        )
        Centre.objects.update_or_create(
            slug=slug, defaults={"area": area, "name_fi": c_fi, "name_sv": c_sv, "name_en": c_en}
        )
        areas[slug] = area
    for slug, area, kind, fi, sv, en, bilingual, sami in MEMBERS:
        WellbeingRegion.objects.update_or_create(
            slug=slug,
            defaults={
                "area": areas[area],
                "kind": kind,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "is_bilingual": bilingual,
                "sami_rights_apply": sami,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("organisations", "WellbeingRegion").objects.filter(
        slug__in=[m[0] for m in MEMBERS]
    ).delete()
    apps.get_model("organisations", "Centre").objects.filter(slug__in=[a[0] for a in AREAS]).delete()
    apps.get_model("organisations", "CollaborativeArea").objects.filter(
        slug__in=[a[0] for a in AREAS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
