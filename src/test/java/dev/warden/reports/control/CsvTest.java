package dev.warden.reports.control;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTest {

    private static List<String> roundTrip(String... fields) throws Exception {
        StringWriter out = new StringWriter();
        Csv.row(out, Arrays.asList(fields));
        assertEquals(true, out.toString().endsWith("\r\n"), "rows end with CRLF");
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(out.toString())).getRecords();
        assertEquals(1, records.size());
        return records.get(0).toList();
    }

    @Test
    void quotesCommasAndLineBreaksSurviveARealParser() throws Exception {
        assertEquals(List.of("a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "plain", "Grüße 日本"),
                roundTrip("a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "plain", "Grüße 日本"));
    }

    @Test
    void cellsASpreadsheetWouldRunAreNeutralised() throws Exception {
        assertEquals(List.of("'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx",
                        "a=b"),
                roundTrip("=HYPERLINK(\"http://evil.example\",\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "a=b"));
    }

    @Test
    void nullAndEmptyAreEmptyCells() throws Exception {
        assertEquals(List.of("", "", "x"), roundTrip(null, "", "x"));
    }
}
