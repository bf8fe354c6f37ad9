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
}
