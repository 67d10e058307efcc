package dev.sslheads.novae.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Categorical colours as novae picks them: matplotlib's {@code tab10} for up to 10 categories, {@code tab20} for up
 * to 20. Beyond 20, novae (seaborn) repeats tab20's colours; here every category gets its own colour (hues spaced
 * by the golden angle, two lightness levels alternating), so each domain stays distinguishable.
 */
public final class Palette {
    /** novae's colour for missing values (invalid cells, NaN domains): {@code #ccc}. */
    public static final Color NA = new Color(0xcc, 0xcc, 0xcc);

    private static final int[] TAB10 = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f,
        0xbcbd22, 0x17becf};
    private static final int[] TAB20 = {0x1f77b4, 0xaec7e8, 0xff7f0e, 0xffbb78, 0x2ca02c, 0x98df8a, 0xd62728, 0xff9896,
        0x9467bd, 0xc5b0d5, 0x8c564b, 0xc49c94, 0xe377c2, 0xf7b6d2, 0x7f7f7f, 0xc7c7c7, 0xbcbd22, 0xdbdb8d, 0x17becf,
        0x9edae5};

    private Palette() {}

    /** One colour per category, in the order given (novae sorts the categories first). */
    public static Map<String, Color> of(List<String> categories) {
        List<Color> colours = colours(categories.size());
        Map<String, Color> out = new LinkedHashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            out.put(categories.get(i), colours.get(i));
        }
        return out;
    }

    /** {@code n} distinct colours. */
    static List<Color> colours(int n) {
        List<Color> out = new ArrayList<>(n);
        int[] table = n <= 10 ? TAB10 : TAB20;
        for (int i = 0; i < n; i++) {
            if (n <= 20) {
                out.add(new Color(table[i]));
            } else {
                float hue = (float) ((i * 0.618033988749895) % 1.0);
                out.add(Color.getHSBColor(hue, 0.65f, i % 2 == 0 ? 0.85f : 0.6f));
            }
        }
        return out;
    }

    /** {@code #rrggbb}, as novae stores colours in {@code uns[f"{key}_colors"]}. */
    public static String hex(Color colour) {
        return String.format("#%06x", colour.getRGB() & 0xffffff);
    }
}
