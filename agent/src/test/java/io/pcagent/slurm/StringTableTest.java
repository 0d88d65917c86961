package io.pcagent.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StringTableTest {

  @Test
  void aRegionSeenBeforeIsTheHeldInstance() {
    StringTable table = new StringTable(4);
    String first = table.intern("alice|RUNNING|gpu", 0, 5);
    String again = table.intern("bob|alice|x", 4, 9);

    assertThat(first).isEqualTo("alice");
    assertThat(again).isSameAs(first);
  }

  @Test
  void findNeverAdds() {
    StringTable table = StringTable.of(List.of("State", "Reason"));

    assertThat(table.find("NodeName=a State=IDLE", 11, 16)).isEqualTo("State");
    assertThat(table.find("NodeName=a State=IDLE", 0, 8)).isNull();
    assertThat(table.find("Stat", 0, 4)).isNull();
    assertThat(table.intern("NodeName")).isEqualTo("NodeName");
    assertThat(table.find("NodeName=a", 0, 8)).isSameAs(table.intern("NodeName"));
  }

  @Test
  void keepsEveryValueAcrossGrowth() {
    StringTable table = new StringTable(1);
    List<String> held = java.util.stream.IntStream.range(0, 10_000).mapToObj(i -> table.intern("job-" + i + "|")).toList();

    for (int i = 0; i < 10_000; i++) {
      String line = "x job-" + i + "| y";
      assertThat(table.find(line, 2, line.length() - 2)).isSameAs(held.get(i));
    }
    assertThat(table.intern("")).isSameAs(table.intern("abc", 1, 1));
  }

  @Test
  void collidingHashesStayDistinct() {
    StringTable table = new StringTable(2);
    String aa = table.intern("Aa");
    String bb = table.intern("BB"); // same String.hashCode as "Aa"

    assertThat(bb).isNotSameAs(aa).isEqualTo("BB");
    assertThat(table.find("xBBx", 1, 3)).isSameAs(bb);
    assertThat(table.find("xAax", 1, 3)).isSameAs(aa);
  }
}
