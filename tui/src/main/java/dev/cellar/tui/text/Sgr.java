package dev.cellar.tui.text;

import dev.cellar.tui.text.TerminalText.Color;
import dev.cellar.tui.text.TerminalText.Indexed;
import dev.cellar.tui.text.TerminalText.Rgb;
import dev.cellar.tui.text.TerminalText.Style;

/** The parameters of one SGR sequence applied to a style: what a terminal does with {@code CSI params m}. */
final class Sgr {
    private Sgr() {
    }

    /** {@code params}: digits, {@code ;} and {@code :} only (checked by the caller); unknown codes change nothing. */
    static Style apply(Style style, String params) {
        String[] ps = params.split(";", -1);
        Style s = style;
        for (int k = 0; k < ps.length; k++) {
            String p = ps[k];
            if (p.indexOf(':') >= 0) { // ITU T.416 form: 38:2::r:g:b, 38:5:n, 4:3 (curly underline)
                String[] sub = p.split(":", -1);
                int code = number(sub[0]);
                if (code == 38 || code == 48) {
                    Color c = subColour(sub);
                    if (c != null) {
                        s = code == 38 ? s.fg(c) : s.bg(c);
                    }
                } else if (code == 4) {
                    s = s.flags(s.bold(), s.italic(), number(sub[1]) != 0, s.reverse());
                }
                continue;
            }
            int code = number(p);
            switch (code) {
                case 0 -> s = Style.PLAIN;
                case 1 -> s = s.flags(true, s.italic(), s.underline(), s.reverse());
                case 22 -> s = s.flags(false, s.italic(), s.underline(), s.reverse());
                case 3 -> s = s.flags(s.bold(), true, s.underline(), s.reverse());
                case 23 -> s = s.flags(s.bold(), false, s.underline(), s.reverse());
                case 4 -> s = s.flags(s.bold(), s.italic(), true, s.reverse());
                case 24 -> s = s.flags(s.bold(), s.italic(), false, s.reverse());
                case 7 -> s = s.flags(s.bold(), s.italic(), s.underline(), true);
                case 27 -> s = s.flags(s.bold(), s.italic(), s.underline(), false);
                case 39 -> s = s.fg(null);
                case 49 -> s = s.bg(null);
                case 38, 48 -> {
                    Color c = null;
                    if (k + 2 < ps.length && number(ps[k + 1]) == 5) {
                        c = indexed(number(ps[k + 2]));
                        k += 2;
                    } else if (k + 4 < ps.length && number(ps[k + 1]) == 2) {
                        c = rgb(number(ps[k + 2]), number(ps[k + 3]), number(ps[k + 4]));
                        k += 4;
                    } else {
                        k = ps.length; // malformed: the rest cannot be read as codes
                    }
                    if (c != null) {
                        s = code == 38 ? s.fg(c) : s.bg(c);
                    }
                }
                default -> {
                    if (code >= 30 && code <= 37) {
                        s = s.fg(new Indexed(code - 30));
                    } else if (code >= 40 && code <= 47) {
                        s = s.bg(new Indexed(code - 40));
                    } else if (code >= 90 && code <= 97) {
                        s = s.fg(new Indexed(code - 90 + 8));
                    } else if (code >= 100 && code <= 107) {
                        s = s.bg(new Indexed(code - 100 + 8));
                    }
                }
            }
        }
        return s;
    }

    private static Color subColour(String[] sub) {
        if (sub.length >= 3 && number(sub[1]) == 5) {
            return indexed(number(sub[2]));
        }
        if (sub.length >= 5 && number(sub[1]) == 2) { // 38:2:r:g:b or 38:2:colourspace:r:g:b
            int n = sub.length;
            return rgb(number(sub[n - 3]), number(sub[n - 2]), number(sub[n - 1]));
        }
        return null;
    }

    private static Color indexed(int n) {
        return n >= 0 && n <= 255 ? new Indexed(n) : null;
    }

    private static Color rgb(int r, int g, int b) {
        return r >= 0 && r <= 255 && g >= 0 && g <= 255 && b >= 0 && b <= 255 ? new Rgb(r, g, b) : null;
    }

    /** An SGR number; empty is 0 (as in {@code CSI m}); too long to be one is -1 (ignored). */
    private static int number(String p) {
        if (p.isEmpty()) {
            return 0;
        }
        if (p.length() > 6) {
            return -1;
        }
        return Integer.parseInt(p);
    }
}
