#!/usr/bin/env python3
"""Runs a command against a private moto server on 127.0.0.1.

    with-moto.py [--log FILE] [--timeout SECONDS] [--iam-managed-policies]
                 -- COMMAND [ARGS...]

Picks a free port, starts moto (with the extensions of moto_ext.py), waits
until it answers, runs COMMAND with the AWS environment pointing at it
(AWS_ENDPOINT_URL, dummy credentials, us-east-1, no user configuration) and
exits with COMMAND's status. The server and COMMAND's whole process group are
killed on every way out: success, failure, timeout, SIGTERM, SIGINT.
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


class Interrupted(Exception):
    pass


def on_signal(signum, frame):
    raise Interrupted(f"signal {signum}")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url):
    try:
        with urllib.request.urlopen(url + "/moto-api/", timeout=5):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer means the server is up
    except OSError:
        return False


def die_with_parent():
    """Runs in each child before exec: if this script is killed outright
    (SIGKILL, as a test runner's timeout may), Linux stops the child too."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the finally clause still covers every other exit


def kill_group(proc):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


def start_server(log, managed_policies):
    """Starts moto on a free port; retries when another process took the
    port between choosing it and binding it."""
    env = dict(os.environ)
    if managed_policies:
        # AWS's managed policies (SecurityAudit, ...), which an application
        # may attach; moto leaves them out unless asked (slower start).
        env["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
    for _ in range(5):
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "moto_ext.py"), str(port)],
            env=env,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=die_with_parent)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if answers(url):
                return proc, url
            time.sleep(0.1)
        kill_group(proc)
    raise RuntimeError("moto_server did not start; see its log")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", default=os.devnull,
                        help="file for the server's output")
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds before COMMAND is killed")
    parser.add_argument("--iam-managed-policies", action="store_true",
                        help="load AWS's managed IAM policies into moto")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server = child = None
    with open(args.log, "ab") as log:
        try:
            server, url = start_server(log, args.iam_managed_policies)
            env = {k: v for k, v in os.environ.items()
                   if not k.startswith("AWS_")}
            env.update({
                "AWS_ENDPOINT_URL": url,
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_REGION": "us-east-1",
                # Nothing from the user's ~/.aws may reach the test (a
                # missing file is read as empty; /dev/null is not).
                "AWS_CONFIG_FILE": "/nonexistent/aws/config",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws/credentials",
                "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_PAGER": "",
                # terraform: no version check against the network.
                "CHECKPOINT_DISABLE": "1",
            })
            child = subprocess.Popen(command, env=env, start_new_session=True,
                                     preexec_fn=die_with_parent)
            try:
                return child.wait(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                print(f"with-moto: {command[0]} timed out after "
                      f"{args.timeout:g} s", file=sys.stderr)
                return 124
        except (Interrupted, RuntimeError) as e:
            print(f"with-moto: {e}", file=sys.stderr)
            return 125
        finally:
            kill_group(child)
            kill_group(server)


if __name__ == "__main__":
    sys.exit(main())
