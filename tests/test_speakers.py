"""Splitting labels into role, name and country; generic labels."""

import pytest

from meetings.parsing import country_from_role, is_generic_label, split_label


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (
            "President of the Republic of Ruritania Ivo Marek",
            ("President of the Republic of Ruritania", "Ivo Marek", None),
        ),
        ("President of Azerbaijan Ilham Aliyev", ("President of Azerbaijan", "Ilham Aliyev", "AZ")),
        ("French President Jean Dupont", ("French President", "Jean Dupont", "FR")),
        ("Prime Minister", ("Prime Minister", None, None)),
        ("The President", ("The President", None, None)),
        ("Ivo Marek", (None, "Ivo Marek", None)),
        ("President Marek", ("President", "Marek", None)),
        ("PRESIDENT OF RURITANIA IVO MAREK", ("President of Ruritania", "Ivo Marek", None)),
        ("FOREIGN MINISTER DOE", ("Foreign Minister", "Doe", None)),
        ("President of Ruritania Ivo", ("President of Ruritania", "Ivo", None)),
        (
            "Prime Minister of the Kingdom of Elbonia Jane Doe",
            ("Prime Minister of the Kingdom of Elbonia", "Jane Doe", None),
        ),
        ("Federal Chancellor of Freedonia", ("Federal Chancellor of Freedonia", None, None)),
        (
            "United States Secretary of State Jane Doe",
            ("United States Secretary of State", "Jane Doe", "US"),
        ),
        (
            "Minister of Foreign Affairs of the Russian Federation Sergey Lavrov",
            ("Minister of Foreign Affairs of the Russian Federation", "Sergey Lavrov", "RU"),
        ),
        (
            "President of the European Commission Ursula von der Leyen",
            ("President of the European Commission", "Ursula von der Leyen", None),
        ),
        (
            "PRESIDENT OF THE EUROPEAN COMMISSION URSULA VON DER LEYEN",
            ("President of the European Commission", "Ursula von der Leyen", None),
        ),
        (
            "President of Turkey Recep Tayyip Erdogan",
            ("President of Turkey", "Recep Tayyip Erdogan", "TR"),
        ),
        ("Crown Prince Mohammed bin Salman", ("Crown Prince", "Mohammed bin Salman", None)),
        (
            "Prime Minister Johnson of the United Kingdom",
            ("Prime Minister of the United Kingdom", "Johnson", "GB"),
        ),
        (
            "Antony J. Blinken, Secretary of State",
            ("Secretary of State", "Antony J. Blinken", None),
        ),
        ("Mr. Novak", (None, "Novak", None)),
        ("В.В.Путин", (None, "В.В.Путин", None)),
        (
            "Governor of the Tula Region Alexei Dyumin",
            ("Governor of the Tula Region", "Alexei Dyumin", None),
        ),
        ("German Chancellor Anna Weber", ("German Chancellor", "Anna Weber", "DE")),
    ],
)
def test_split_label(label, expected):
    assert split_label(label) == expected


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("President of Russia", "RU"),
        ("President of the Russian Federation", "RU"),
        ("President of the Republic of Korea", "KR"),
        ("the Republic of Korea", "KR"),
        ("United States Secretary of State", "US"),
        ("U.S. Ambassador", "US"),
        ("Prime Minister of the United Kingdom", "GB"),
        ("British Prime Minister", "GB"),
        ("German Chancellor", "DE"),
        ("Chancellor of the Federal Republic of Germany", "DE"),
        ("Chinese President", "CN"),
        ("Turkish Foreign Minister", "TR"),
        ("President of Türkiye", "TR"),
        ("Azerbaijani President", "AZ"),
        ("American Ambassador", "US"),
        ("President of Côte d'Ivoire", "CI"),
        ("Prime Minister of Viet Nam", "VN"),
        ("Secretary of State", None),
        ("President of Ruritania", None),
        ("Ruritanian President", None),
        ("", None),
    ],
)
def test_country_from_role(role, code):
    assert country_from_role(role) == code


@pytest.mark.parametrize(
    "label",
    [
        "Question",
        "Q",
        "QUESTION",
        "Reporter",
        "Remark",
        "Reply",
        "AIDE",
        "Aide",
        "Response",
        "Answer",
        "Voice",
        "Participant",
        "Moderator",
        "Question (retranslated)",
        "Вопрос",
    ],
)
def test_generic_labels(label):
    assert is_generic_label(label)


@pytest.mark.parametrize(
    "label", ["Ivo Marek", "President", "The President", "Questions about Syria", "Quentin"]
)
def test_not_generic_labels(label):
    assert not is_generic_label(label)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Президент России Владимир Путин", ("Президент России", "Владимир Путин", "RU")),
        (
            "Министр иностранных дел Российской Федерации Сергей Лавров",
            ("Министр иностранных дел Российской Федерации", "Сергей Лавров", "RU"),
        ),
        (
            "Заместитель Председателя Правительства – Министр промышленности Денис Мантов",
            (
                "Заместитель Председателя Правительства – Министр промышленности",
                "Денис Мантов",
                None,
            ),
        ),
        ("Президент Азербайджана Ильхам Алиев", ("Президент Азербайджана", "Ильхам Алиев", "AZ")),
        (
            "Губернатор Томской области Иван Петрович Орлов",
            ("Губернатор Томской области", "Иван Петрович Орлов", None),
        ),
        ("Председательствующий", ("Председательствующий", None, None)),
        ("В.Путин", (None, "В.Путин", None)),
        ("Д.А.Медведев", (None, "Д.А.Медведев", None)),
    ],
)
def test_russian_labels_split_into_role_name_and_country(label, expected):
    assert split_label(label) == expected
