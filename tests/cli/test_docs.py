#!/usr/bin/env python3
"""The man page and the shell completions against the command itself.

Each command's own --help is the reference: every subcommand, option and
environment variable it names must be in the man page and in the bash and zsh
completions, and the completions must offer nothing the command does not
take. The man page must render without a single groff or man warning.

usage: test_docs.py PATH/TO/hsscodec SOURCE_DIR
"""
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

HSSCODEC = None
SRC = None
# Every command takes these (the help texts need not repeat them).
UNIVERSAL = {"--help", "--version"}
FIELDS = {"image_command", "images_download_url", "swr_image_pull_command"}


def run(args, **kw):
    p = subprocess.run(args, capture_output=True, timeout=60, **kw)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def subcommands():
    """The commands listed by 'hsscodec --help'."""
    rc, out, err = run([HSSCODEC, "--help"])
    assert rc == 0, err
    body = out.split("commands:\n", 1)[1].split("\n\n", 1)[0]
    names = [line.split()[0] for line in body.splitlines() if line.startswith("  ")]
    assert len(names) >= 4, out
    return names


def help_of(cmd):
    rc, out, err = run([HSSCODEC, cmd, "--help"])
    assert rc == 0, (cmd, err)
    return out


def options_of(cmd):
    """The long options a command's --help names."""
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*[a-z])", help_of(cmd))) | UNIVERSAL


def env_vars():
    names = set()
    for cmd in subcommands():
        names |= set(re.findall(r"\b((?:HSS|CLOUD_SDK)_[A-Z_]+)\b", help_of(cmd)))
    return names


class ManPage(unittest.TestCase):
    page = None

    @classmethod
    def setUpClass(cls):
        cls.page = os.path.join(SRC, "docs", "hsscodec.1")
        env = dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat", LC_ALL="C.UTF-8")
        # --warnings=w: every groff warning; they go to stderr.
        rc, cls.text, cls.warnings = run(["man", "-l", "--warnings=w", cls.page], env=env)
        assert rc == 0, cls.warnings

    def section(self, name):
        m = re.search(r"^%s\n(.*?)(?=^[A-Z][A-Z ]+\n)" % re.escape(name), self.text, re.S | re.M)
        self.assertIsNotNone(m, "no section " + name)
        return m.group(1)

    def test_renders_without_warnings(self):
        self.assertEqual(self.warnings, "")
        rc, out, err = run(["groff", "-ww", "-z", "-man", self.page])
        self.assertEqual((rc, err), (0, ""))
        for line in self.text.splitlines():
            self.assertLessEqual(len(line), 80, line)

    def test_sections(self):
        for s in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "ENVIRONMENT",
                  "EXIT STATUS", "FILES", "EXAMPLES", "SEE ALSO"):
            self.assertRegex(self.text, r"(?m)^%s$" % s)

    def test_version_is_the_commands(self):
        rc, out, _ = run([HSSCODEC, "--version"])
        version = out.split()[1]
        with open(self.page, encoding="utf-8") as f:
            th = next(line for line in f if line.startswith(".TH "))
        self.assertIn('"hsscodec %s"' % version, th)

    def test_every_subcommand(self):
        commands = self.section("COMMANDS")
        synopsis = self.section("SYNOPSIS")
        for cmd in subcommands():
            self.assertRegex(commands, r"(?m)^       %s\b" % re.escape(cmd))
            self.assertRegex(synopsis, r"hsscodec +%s\b" % re.escape(cmd))

    def test_every_option(self):
        """Each option of a command's --help is in a subsection of OPTIONS that
        is the command's ("Options of get", "Request parameters (url, get)")
        or every command's."""
        options = self.section("OPTIONS")
        parts = re.split(r"(?m)^   (\S.*)\n", options)[1:]
        subsections = dict(zip(parts[0::2], parts[1::2]))
        self.assertIn("Options of every command", subsections)
        for cmd in subcommands():
            mine = "".join(text for title, text in subsections.items()
                           if title == "Options of every command"
                           or re.search(r"\b%s\b" % re.escape(cmd), title))
            for opt in options_of(cmd):
                self.assertRegex(mine, r"(?m)^       (?:-\w, )?%s\b" % re.escape(opt),
                                 (cmd, opt))

    def test_every_environment_variable(self):
        env = self.section("ENVIRONMENT")
        found = env_vars()
        self.assertGreaterEqual(found, {"HSS_AUTH_TOKEN", "HSS_REGISTRY_PASSWORD",
                                        "CLOUD_SDK_AK", "CLOUD_SDK_SK"})
        for var in found:
            self.assertIn(var, env)

    def test_every_exit_code(self):
        rc, out, _ = run([HSSCODEC, "--help"])
        codes = re.findall(r"(\d) (?:ok|input|usage|transport|the API)", out)
        self.assertEqual(codes, ["0", "1", "2", "3", "4"])
        exits = self.section("EXIT STATUS")
        for code in codes:
            self.assertRegex(exits, r"(?m)^       %s\s" % code)


class Readme(unittest.TestCase):
    def test_c_examples_are_cut_from_the_consumer(self):
        """Every C block of the README is a run of lines of tests/consumer/main.c
        (indentation aside), which the install test compiles and runs."""
        with open(os.path.join(SRC, "README.md"), encoding="utf-8") as f:
            blocks = re.findall(r"^```c\n(.*?)^```$", f.read(), re.S | re.M)
        with open(os.path.join(SRC, "tests", "consumer", "main.c"), encoding="utf-8") as f:
            source = [line.strip() for line in f.read().splitlines()]
        self.assertGreaterEqual(len(blocks), 3)
        for block in blocks:
            lines = [line.strip() for line in block.splitlines()]
            self.assertTrue(any(source[i:i + len(lines)] == lines for i in range(len(source))),
                            "README example not in tests/consumer/main.c:\n" + block)

    def test_command_table(self):
        with open(os.path.join(SRC, "README.md"), encoding="utf-8") as f:
            table = [line for line in f if line.startswith("| `")]
        for cmd in subcommands():
            self.assertTrue(any(line.startswith("| `" + cmd) for line in table), cmd)
        self.assertTrue(any("man hsscodec" in line for line in table))
        self.assertTrue(any("completion" in line for line in table))


BASH_DRIVER = r'''
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_hsscodec hsscodec "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
'''


class Completion:
    """Shared cases; complete(words) returns the set offered for the last word."""

    def test_subcommands(self):
        self.assertEqual(self.complete(["hsscodec", ""]), set(subcommands()) | {"help"})
        self.assertEqual(self.complete(["hsscodec", "check-re"]),
                         {"check-request", "check-response"})
        self.assertEqual(self.complete(["hsscodec", "--"]), UNIVERSAL)

    def test_options_are_those_of_help(self):
        for cmd in subcommands():
            self.assertEqual(self.complete(["hsscodec", cmd, "--"]), options_of(cmd), cmd)

    def test_option_prefix(self):
        self.assertEqual(self.complete(["hsscodec", "get", "--dr"]), {"--dry-run"})
        self.assertEqual(self.complete(["hsscodec", "url", "--re"]),
                         {"--registry-addr", "--region"})

    def test_field_names(self):
        self.assertEqual(self.complete(["hsscodec", "get", "--field", ""]), FIELDS)

    def test_files(self):
        with tempfile.TemporaryDirectory() as d:
            for name in ("body.json", "error.json"):
                open(os.path.join(d, name), "w").close()
            got = self.complete(["hsscodec", "check-response", ""], cwd=d)
            self.assertEqual({g.rstrip("/") for g in got}, {"body.json", "error.json"})
            got = self.complete(["hsscodec", "get", "--token-file", "err"], cwd=d)
            self.assertEqual(got, {"error.json"})

    def test_help_command(self):
        self.assertEqual(self.complete(["hsscodec", "help", ""]), set(subcommands()))


class Bash(Completion, unittest.TestCase):
    def complete(self, words, cwd=None):
        script = os.path.join(SRC, "completions", "hsscodec.bash")
        rc, out, err = run(["bash", "--norc", "--noprofile", "-c", BASH_DRIVER, "bash", script]
                           + words, cwd=cwd)
        self.assertEqual((rc, err), (0, ""), words)
        return {line for line in out.splitlines() if line}

    def test_syntax_and_registration(self):
        script = os.path.join(SRC, "completions", "hsscodec.bash")
        rc, out, err = run(["bash", "--norc", "-c", 'source "$1"; complete -p hsscodec',
                            "bash", script])
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.strip(), "complete -F _hsscodec hsscodec")

    def test_option_value_after_equals(self):
        # bash splits "--field=im" into "--field" "=" "im".
        self.assertEqual(self.complete(["hsscodec", "get", "--field", "=", "images"]),
                         {"images_download_url"})


class Zsh(Completion, unittest.TestCase):
    def complete(self, words, cwd=None):
        line = " ".join(words)
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, HOME=home, ZDOTDIR=home)
            rc, out, err = run(["zsh", "-f", os.path.join(SRC, "tests", "cli", "zsh_complete.zsh"),
                                os.path.join(SRC, "completions"), line], cwd=cwd, env=env)
            # compinit must write no dump file: without -D it writes
            # $HOME/.zcompdump, and "-d /dev/null" once made it rename a file
            # over /dev/null (as root), breaking later tests.
            self.assertEqual(os.listdir(home), [], "compinit wrote a dump file")
        self.assertEqual(rc, 0, err)
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null replaced")
        return {m.strip() for m in out.splitlines() if m.strip()}

    def test_syntax(self):
        rc, out, err = run(["zsh", "-n", os.path.join(SRC, "completions", "_hsscodec")])
        self.assertEqual((rc, err), (0, ""))


if __name__ == "__main__":
    HSSCODEC = os.path.abspath(sys.argv.pop(1))
    SRC = os.path.abspath(sys.argv.pop(1))
    for tool in ("man", "groff", "bash", "zsh"):
        if shutil.which(tool) is None:
            sys.exit("test_docs: %s is not installed (scripts/setup-deps.sh installs it)" % tool)
    unittest.main(verbosity=1)
