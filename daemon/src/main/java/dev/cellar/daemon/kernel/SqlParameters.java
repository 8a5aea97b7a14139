package dev.cellar.daemon.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.sql.SqlCellRunner;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * Turns what sql_bridge.py's {@code sql_param} answered ({@code [kind, text]}) into the Java
 * value bound as a JDBC parameter. Both kernels answer the same way, so a placeholder
 * means the same on GraalPy and on CPython.
 */
public final class SqlParameters {
    private SqlParameters() {
    }

    public static Object fromPython(String name, JsonNode answer) {
        String kind = answer.path(0).asText();
        String text = answer.path(1).asText();
        return switch (kind) {
            case "missing" -> throw new SqlCellRunner.ParameterException("{" + name + "} names no variable: define "
                    + name + " in a Python cell (or remove the placeholder)");
            case "unbindable" -> throw new SqlCellRunner.ParameterException("{" + name + "} is a " + text
                    + "; only numbers, strings, booleans, dates, times and None can be SQL parameters");
            case "none" -> null;
            case "bool" -> Boolean.parseBoolean(text);
            case "float" -> switch (text) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text);
            };
            case "str" -> text;
            case "int" -> integer(text);
            case "decimal" -> new BigDecimal(text);
            case "date" -> LocalDate.parse(text);
            case "time" -> LocalTime.parse(text);
            case "datetime" -> dateTime(text);
            default -> throw new IllegalStateException("the kernel answered parameter kind " + kind);
        };
    }

    private static Object integer(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException tooBig) {
            return new BigDecimal(text);
        }
    }

    private static Object dateTime(String iso) {
        try {
            return LocalDateTime.parse(iso);
        } catch (java.time.format.DateTimeParseException withOffset) {
            return OffsetDateTime.parse(iso);
        }
    }
}
