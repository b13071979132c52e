"""Survey files are checked by type and by rule; each problem names the file and the question."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from voices.cli import main
from voices.errors import InvalidSurveyDefinition
from voices.surveys.definition import translate
from voices.surveys.loader import content_hash, read_definition, read_directory

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("unknown_kind.yaml", "question 'q1': unknown kind 'slider': use one of free_text, likert"),
        ("duplicate_id.yaml", "question 'q1': duplicate id"),
        ("later_show_if.yaml", "show_if names 'q2', which is a later question"),
        ("missing_show_if.yaml", "show_if names 'nowhere', which is not a question in this survey"),
        ("empty_choices.yaml", "question 'q1': choice list is empty"),
        ("missing_translation.yaml", "question 'q1': prompt has no translation for cy"),
        ("wrong_type.yaml", "question 'q2': Expected `int | null`, got `str`"),
        ("reverse_without_scale.yaml", "reverse is set but the question belongs to no scale"),
        ("scale_half_direction.yaml", "scale 's': give both higher_means and lower_means, or neither"),
    ],
)
def test_each_problem_names_file_question_and_fault(file_name: str, expected: str) -> None:
    path = FIXTURES / "invalid" / file_name
    with pytest.raises(InvalidSurveyDefinition) as raised:
        read_definition(path)
    assert any(problem.startswith(f"{path}: ") and expected in problem for problem in raised.value.problems)


def test_unreadable_yaml_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("slug: [unclosed\n")
    with pytest.raises(InvalidSurveyDefinition, match="broken.yaml: cannot be read as YAML"):
        read_definition(path)


def test_translations_fall_back_to_english() -> None:
    definition = read_definition(FIXTURES / "valid" / "bilingual.yaml")
    assert translate(definition.title, "cy") == "Teimlo'n ddiogel yn y dref"
    assert translate(definition.title, "fr") == "Feeling safe in town"
    assert definition.languages == ["en", "cy"]


def test_content_hash_changes_with_content_only(tmp_path: Path) -> None:
    source = (FIXTURES / "valid" / "bilingual.yaml").read_text()
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(source)
    second.write_text("# a comment does not change the survey\n" + source)
    assert content_hash(read_definition(first)) == content_hash(read_definition(second))
    second.write_text(source.replace("minutes: 2", "minutes: 3"))
    assert content_hash(read_definition(first)) != content_hash(read_definition(second))


def test_a_bad_file_does_not_stop_good_ones_being_read(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text((FIXTURES / "valid" / "bilingual.yaml").read_text())
    (tmp_path / "bad.yaml").write_text((FIXTURES / "invalid" / "duplicate_id.yaml").read_text())
    definitions, problems = read_directory(tmp_path)
    assert [d.slug for d in definitions] == ["bilingual"]
    assert len(problems) == 1 and "bad.yaml" in problems[0]


def test_surveys_check_command_reports_every_problem_and_fails() -> None:
    result = CliRunner().invoke(main, ["surveys", "check", str(FIXTURES / "invalid")])
    assert result.exit_code == 1
    assert "0 valid, 9 problem(s)" in result.output
    assert "duplicate_id.yaml: question 'q1': duplicate id" in result.output


def test_surveys_check_command_passes_shipped_surveys() -> None:
    result = CliRunner().invoke(main, ["surveys", "check", str(Path(__file__).parents[2] / "surveys")])
    assert result.exit_code == 0, result.output
    assert "4 valid, 0 problem(s)" in result.output


def test_reported_in_must_name_another_survey_of_the_directory(tmp_path: Path) -> None:
    source = (FIXTURES / "valid" / "bilingual.yaml").read_text()

    def survey(slug: str, reported_in: str | None) -> None:
        text = source.replace("slug: bilingual", f"slug: {slug}")
        if reported_in is not None:
            text = text.replace(f"slug: {slug}", f"slug: {slug}\nreported_in: {reported_in}")
        (tmp_path / f"{slug}.yaml").write_text(text)

    survey("services", None)
    survey("groups", "services")
    definitions, problems = read_directory(tmp_path)
    assert problems == [] and {d.slug: d.reported_in for d in definitions} == {"services": None, "groups": "services"}
    survey("notes", "groups")  # a chain
    survey("lonely", "lonely")  # itself
    survey("lost", "nowhere")  # no such survey
    _, problems = read_directory(tmp_path)
    assert sorted(problems) == [
        f"{tmp_path / 'lonely.yaml'}: reported_in 'lonely' is this survey itself: name another survey, or leave it out",
        f"{tmp_path / 'lost.yaml'}: reported_in 'nowhere' is not a survey in this directory: use the slug of one that is",
        f"{tmp_path / 'notes.yaml'}: reported_in 'groups' is itself reported in 'services': name that survey instead",
    ]
