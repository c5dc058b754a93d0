package org.hybridchat.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of a Gatling report's statistics table that a results table needs: per group and
 * request, the count, the failures, streams a second and the p50 / p99 / max times in ms.
 *
 * <pre>java -cp ... org.hybridchat.loadtest.ReportSummary load-test/target/gatling/steadysimulation-.../index.html</pre>
 */
public final class ReportSummary {

    // In the report's table a row is the name's span, then td cells col-2 (total) to col-14 (std dev).
    private static final Pattern ROW = Pattern.compile(
            "id=\"stats-table-[^\"]+\" class=\"ellipsed-name\">([^<]+)</span>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");

    private ReportSummary() {}

    public static void main(String[] args) throws IOException {
        String html = Files.readString(Path.of(args[0]));
        System.out.printf("%-16s %8s %6s %8s %8s %8s %8s%n", "", "count", "KO", "per s", "p50 ms", "p99 ms", "max ms");
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            String[] cells = new String[15];
            Matcher cell = CELL.matcher(row.group(2));
            while (cell.find()) {
                cells[Integer.parseInt(cell.group(1))] = cell.group(2);
            }
            System.out.printf("%-16s %8s %6s %8s %8s %8s %8s%n",
                    row.group(1), cells[2], cells[4], cells[6], cells[8], cells[11], cells[12]);
        }
    }
}
