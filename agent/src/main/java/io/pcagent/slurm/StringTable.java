package io.pcagent.slurm;

/**
 * A set of strings looked up by a region of a line, so that finding a value already seen copies nothing: parsing
 * 100,000 squeue lines a cadence, {@code String.split} and {@code substring} made most of the agent's garbage
 * (docs/benchmarks.md, "Memory"). Open addressing, linear probing; not thread-safe (one parse, one thread).
 */
final class StringTable {
  private String[] slots;
  private int size;

  StringTable(int expected) {
    slots = new String[Integer.highestOneBit(Math.max(8, expected * 2) - 1) << 1];
  }

  static StringTable of(Iterable<String> values) {
    StringTable table = new StringTable(16);
    values.forEach(table::intern);
    return table;
  }

  /** The string equal to {@code line[from, to)} that the table holds, or null. */
  String find(String line, int from, int to) {
    int mask = slots.length - 1;
    for (int i = spread(hash(line, from, to)) & mask; ; i = (i + 1) & mask) {
      String slot = slots[i];
      if (slot == null) {
        return null;
      }
      if (slot.length() == to - from && slot.regionMatches(0, line, from, to - from)) {
        return slot;
      }
    }
  }

  /** The one instance equal to {@code line[from, to)}: the held one, else a copy of the region, held from now on. */
  String intern(String line, int from, int to) {
    String known = find(line, from, to);
    if (known != null) {
      return known;
    }
    String value = from == 0 && to == line.length() ? line : line.substring(from, to);
    add(value);
    return value;
  }

  String intern(String value) {
    return intern(value, 0, value.length());
  }

  private void add(String value) {
    if (++size * 2 > slots.length) {
      String[] old = slots;
      slots = new String[old.length * 2];
      for (String held : old) {
        if (held != null) {
          place(held);
        }
      }
    }
    place(value);
  }

  private void place(String value) {
    int mask = slots.length - 1;
    int i = spread(value.hashCode()) & mask;
    while (slots[i] != null) {
      i = (i + 1) & mask;
    }
    slots[i] = value;
  }

  /** String.hashCode of the region, so that a held string's cached hash places it where a region finds it. */
  private static int hash(String line, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + line.charAt(i);
    }
    return h;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
