package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportWriterTest {

    private static final String[] ROW = {"=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", "-2+3",
            "@SUM(1+1)", "\tTabbed", "Plain, list", null, "a=b"};

    private static String csv(boolean forSpreadsheets) throws Exception {
        StringWriter out = new StringWriter();
        try (ExportWriter writer = ExportWriter.of(ExportWriter.Format.CSV, out,
                List.of("a", "b", "c", "d", "e", "f", "g", "h"), forSpreadsheets)) {
            writer.row(ROW);
        }
        return out.toString();
    }

    @Test
    void valuesAreWrittenAsStoredUnlessForSpreadsheets() throws Exception {
        assertThat(csv(false)).isEqualTo("a,b,c,d,e,f,g,h\r\n"
                + "\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",+cmd|' /C calc'!A0,-2+3,@SUM(1+1),\"\tTabbed\","
                + "\"Plain, list\",,a=b\r\n");
    }

    /** A cell that begins like a formula ran as one when the file was opened in a spreadsheet. */
    @Test
    void forSpreadsheetsACellThatBeginsLikeAFormulaIsMadeText() throws Exception {
        assertThat(csv(true)).isEqualTo("a,b,c,d,e,f,g,h\r\n"
                + "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'+cmd|' /C calc'!A0,'-2+3,'@SUM(1+1),'\tTabbed,"
                + "\"Plain, list\",,a=b\r\n");
    }

    /** A carriage return begins a formula too; a value with spaces at either end is quoted, so that they stay. */
    @Test
    void aLeadingCarriageReturnIsMadeTextAndSurroundingSpacesAreQuoted() throws Exception {
        StringWriter out = new StringWriter();
        try (ExportWriter writer = ExportWriter.of(ExportWriter.Format.CSV, out, List.of("a", "b", "c"), true)) {
            writer.row(new String[] {"\r=1+1", " padded", ""});
        }
        assertThat(out.toString()).isEqualTo("a,b,c\r\n\"'\r=1+1\",\" padded\",\r\n");
    }

    @Test
    void jsonLinesAreOneObjectPerLineWithNullForWhatIsAbsentAndNoFormulaQuote() throws Exception {
        StringWriter out = new StringWriter();
        try (ExportWriter writer = ExportWriter.of(ExportWriter.Format.JSONL, out, List.of("a", "b"), true)) {
            writer.row(new String[] {"=1+1", null});
            writer.row(new String[] {"say \"hi\"\n", "x"});
        }
        assertThat(out.toString()).isEqualTo("{\"a\":\"=1+1\",\"b\":null}\n"
                + "{\"a\":\"say \\\"hi\\\"\\n\",\"b\":\"x\"}\n");
    }
}
