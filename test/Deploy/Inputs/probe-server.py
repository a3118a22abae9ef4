#!/usr/bin/env python3
"""probe-server.py record FILE: writes $AWS_ENDPOINT_URL to FILE and checks
that the server answers there. probe-server.py gone FILE: exits 0 when
nothing answers any more at the URL in FILE."""
import sys
import urllib.error
import urllib.request


def answers(url):
    try:
        with urllib.request.urlopen(url + "/moto-api/", timeout=10):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


mode, path = sys.argv[1], sys.argv[2]
if mode == "record":
    import os
    url = os.environ["AWS_ENDPOINT_URL"]
    with open(path, "w") as f:
        f.write(url)
    print("server answers" if answers(url) else "server does not answer")
    sys.exit(int(sys.argv[3]) if len(sys.argv) > 3 else 0)
with open(path) as f:
    url = f.read()
print("server still answers" if answers(url) else "server gone")
