package io.pcagent.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pcagent.smoke.NodeResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A validation report as text for people, JSON for automation, and JUnit XML for CI systems. */
public final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  public static String text(ValidationReport report) {
    StringBuilder out = new StringBuilder();
    out.append("Validation (").append(report.mode()).append("): ").append(report.verdict().toUpperCase(Locale.ROOT)).append('\n');
    for (ValidationReport.Check check : report.checks()) {
      out.append(String.format("  %-8s %-18s %s%n", check.status(), check.name(), check.detail()));
    }
    if (!report.nodes().isEmpty()) {
      out.append("Nodes:\n");
      for (NodeResult node : report.nodes()) {
        out.append(String.format("  %-8s %-40s %s%n", node.result(), node.node(), node.detail()));
      }
    }
    return out.toString();
  }

  public static String json(ValidationReport report) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("verdict", report.verdict());
    body.put("mode", report.mode());
    body.put("checks", report.checks());
    body.put("nodes", report.nodes());
    try {
      return JSON.writeValueAsString(body) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One test case per check and per node; fail and missing are failures, skipped ones are skipped. */
  public static String junit(ValidationReport report) {
    long failures = report.checks().stream().filter(c -> c.status().equals("fail")).count()
        + report.nodes().stream().filter(n -> n.result().equals("fail") || n.result().equals("missing")).count();
    long skipped = report.checks().stream().filter(c -> c.status().equals("skipped")).count()
        + report.nodes().stream().filter(n -> n.result().equals("skipped")).count();
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<testsuite name=\"pcluster-validate\" tests=\"").append(report.checks().size() + report.nodes().size())
        .append("\" failures=\"").append(failures).append("\" skipped=\"").append(skipped).append("\">\n");
    for (ValidationReport.Check check : report.checks()) {
      testcase(xml, "cluster", check.name(), check.status(), check.detail());
    }
    for (NodeResult node : report.nodes()) {
      String status = switch (node.result()) {
        case "pass" -> "pass";
        case "skipped" -> "skipped";
        default -> "fail";
      };
      testcase(xml, "node", node.node(), status, node.result() + ": " + node.detail());
    }
    return xml.append("</testsuite>\n").toString();
  }

  private static void testcase(StringBuilder xml, String classname, String name, String status, String detail) {
    xml.append("  <testcase classname=\"").append(escape(classname)).append("\" name=\"").append(escape(name)).append('"');
    if (status.equals("pass")) {
      xml.append("/>\n");
      return;
    }
    xml.append(">\n");
    if (status.equals("skipped")) {
      xml.append("    <skipped message=\"").append(escape(detail)).append("\"/>\n");
    } else {
      xml.append("    <failure message=\"").append(escape(detail)).append("\"/>\n");
    }
    xml.append("  </testcase>\n");
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c < 0x20 && c != '\t' && c != '\n' ? ' ' : c);
      }
    }
    return out.toString();
  }
}
