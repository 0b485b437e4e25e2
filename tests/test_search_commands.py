"""Parley's search commands are the ones `manage.py` runs."""

from django.core.management import get_commands, load_command_class
from haystack.management.commands import rebuild_index as haystack_rebuild_index

from meetings.management.commands import rebuild_index


def test_manage_py_rebuild_index_is_parleys_extension_of_haystacks():
    app = get_commands()["rebuild_index"]
    command = load_command_class(app, "rebuild_index")
    assert app == "meetings", "INSTALLED_APPS must list meetings before haystack"
    assert type(command) is rebuild_index.Command
    assert isinstance(command, haystack_rebuild_index.Command)


def test_rebuild_index_takes_haystacks_options_and_its_own():
    parser = rebuild_index.Command().create_parser("manage.py", "rebuild_index")
    options = parser.parse_args(
        ["--noinput", "-u", "default", "-b", "100", "-k", "1", "--max-retries", "2", "--optimize"]
    )
    assert (
        options.interactive,
        options.using,
        options.batchsize,
        options.workers,
        options.optimize,
    ) == (False, ["default"], 100, 1, True)
    assert parser.parse_args([]).workers == rebuild_index.DEFAULT_WORKERS
