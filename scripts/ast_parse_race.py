"""Reproduce CPython 3.11.7's shared AST-constructor recursion counter (gh-106905): ast.parse in
two threads while garbage with finalizers exists. A collection that starts inside ast.parse runs a
Python __del__, which lets the other thread run its own ast.parse on the same per-interpreter counter."""
import ast, sys, threading, time
src = "f = lambda x: " + " + ".join(f"(x[{i}] if x else [y for y in range({i})])" for i in range(60))
errors = []
class Cyc:
    def __init__(self): self.me = self
    def __del__(self): time.sleep(0)   # a Python frame in the finalizer: the GIL may switch here
def work():
    for _ in range(2000):
        for _ in range(50): Cyc()
        try:
            ast.parse(src)
        except SystemError as e:
            errors.append(str(e)); return
n = int(sys.argv[1]) if len(sys.argv) > 1 else 2
threads = [threading.Thread(target=work) for _ in range(n)]
[t.start() for t in threads]; [t.join() for t in threads]
print(sys.version.split()[0], "threads", n, "SystemErrors:", len(errors), errors[:1])
