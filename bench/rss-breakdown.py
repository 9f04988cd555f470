#!/usr/bin/env python3
"""Where a process's anonymous resident memory (RssAnon) lives, from /proc/PID/smaps and the threads' stack pointers.

Prints one line: threads=N stacks=MB malloc=MB gc=MB other=MB (MB of anonymous resident memory), where
  stacks  mappings that hold a thread's stack pointer (/proc/PID/task/TID/syscall; needs the rights to ptrace PID,
          e.g. root or the process's parent), plus [stack];
  malloc  glibc's main heap ([heap]) and its per-thread arenas (anonymous mappings starting on a 64 MiB boundary that
          with the reserved, inaccessible rest after them span 64 MiB);
  gc      anonymous mappings inside a contiguous reserved range of 1 GiB or more (the .NET GC reserves its regions and
          their bookkeeping that way);
  other   the rest of the anonymous memory (runtime data: type loader heaps, the JIT's working memory, ...).
Used by bench/broker-abuse.sh; an estimate by address patterns, not an allocator's own account.
"""
import os
import re
import sys

ARENA = 64 << 20
RESERVED_SPAN = 1 << 30


def mappings(pid):
    maps, current = [], None
    header = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$")
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            m = header.match(line)
            if m:
                current = {"start": int(m[1], 16), "end": int(m[2], 16), "perms": m[3], "path": m[4].strip(), "anon": 0}
                maps.append(current)
            elif line.startswith("Anonymous:") and current is not None:
                current["anon"] = int(line.split()[1]) * 1024
    return maps


def stack_pointers(pid):
    sps, threads = [], 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        threads += 1
        try:
            with open(f"/proc/{pid}/task/{tid}/syscall") as f:
                fields = f.read().split()
        except OSError:
            continue
        if len(fields) >= 3 and fields[0] != "running":
            sps.append(int(fields[-2], 16))
    return threads, sps


def main(pid):
    maps = mappings(pid)
    threads, sps = stack_pointers(pid)
    # Contiguous runs of anonymous mappings (no path): a run spanning RESERVED_SPAN or more is a reservation.
    reserved = set()
    run = []
    for i, m in enumerate(maps):
        if m["path"] == "" and run and maps[run[-1]]["end"] == m["start"]:
            run.append(i)
            continue
        if run and maps[run[-1]]["end"] - maps[run[0]]["start"] >= RESERVED_SPAN:
            reserved.update(run)
        run = [i] if m["path"] == "" else []
    if run and maps[run[-1]]["end"] - maps[run[0]]["start"] >= RESERVED_SPAN:
        reserved.update(run)

    totals = {"stacks": 0, "malloc": 0, "gc": 0, "other": 0}
    for i, m in enumerate(maps):
        if m["anon"] == 0:
            continue
        if m["path"] == "[stack]" or any(m["start"] <= sp < m["end"] for sp in sps):
            kind = "stacks"
        elif m["path"] == "[heap]":
            kind = "malloc"
        elif (m["path"] == "" and m["start"] % ARENA == 0 and i + 1 < len(maps) and maps[i + 1]["start"] == m["end"]
              and maps[i + 1]["perms"].startswith("---") and maps[i + 1]["end"] - m["start"] == ARENA) \
                or (m["path"] == "" and m["start"] % ARENA == 0 and m["end"] - m["start"] == ARENA):
            kind = "malloc"
        elif i in reserved:
            kind = "gc"
        else:
            kind = "other"
        totals[kind] += m["anon"]
    mb = {k: v / 1048576 for k, v in totals.items()}
    print(f"threads={threads} stacks={mb['stacks']:.1f} malloc={mb['malloc']:.1f} gc={mb['gc']:.1f} other={mb['other']:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]))
