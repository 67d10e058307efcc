package dev.sslheads.novae.plot;

import dev.sslheads.cluster.Dendrogram;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * novae's {@code plot_domains_hierarchy}: the top of the prototypes' merge tree (spec §1.4). Of the {@code S = K-1}
 * merges, merge i sits at height {@code max(0, max_level + 1 + i - S)}, so the last {@code max_level} merges are drawn
 * above {@code max_level + 1} collapsed subtrees (scipy's {@code truncate_mode="lastp"}); each drawn merge gets a
 * dot and novae's domain name {@code D{K+i}}, each collapsed subtree its prototype count in parentheses (or the
 * prototype id when it is a single prototype), the y axis is the level (tick at height t reads
 * {@code max_level + 1 - t}) and {@code hline_level} levels get a dashed red line. Subtrees are laid out as scipy does
 * (first child left, leaves 10 units apart).
 *
 * <p>Drawn with Java2D: JFreeChart has no dendrogram.
 */
public final class DomainsHierarchyPlot {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 80;
    private static final Color LINE = new Color(0xcc, 0xcc, 0xcc);

    private DomainsHierarchyPlot() {}

    /**
     * Renders the tree.
     *
     * @param tree the prototypes' merge tree (sklearn's {@code children_})
     * @param maxLevel the number of merges drawn, > 1 (novae: 10)
     * @param hlineLevels levels marked by a dashed red line (may be empty)
     * @param leafFontSize font size of the subtree labels (novae: 8)
     * @throws IllegalArgumentException for {@code maxLevel <= 1} or a marked level outside [1, maxLevel]
     */
    public static Figure render(Dendrogram tree, int maxLevel, int[] hlineLevels, int leafFontSize) {
        if (maxLevel <= 1) {
            throw new IllegalArgumentException("max_level must be > 1, got " + maxLevel);
        }
        if (leafFontSize < 1 || leafFontSize > 72) {
            throw new IllegalArgumentException("leaf_font_size must be in [1, 72], got " + leafFontSize);
        }
        for (int level : hlineLevels) {
            if (level < 1 || level > maxLevel) {
                throw new IllegalArgumentException("hline_level must be in [1, max_level=" + maxLevel + "], got " + level);
            }
        }
        int k = tree.numLeaves();
        int merges = tree.children().length;
        int shown = Math.min(maxLevel, merges);
        int firstShown = merges - shown;
        double[] height = new double[2 * k - 1];
        for (int i = 0; i < merges; i++) {
            height[k + i] = Math.max(0, maxLevel + 1 + i - merges);
        }
        List<Integer> subtrees = new ArrayList<>();
        collectSubtrees(tree, 2 * k - 2, firstShown, subtrees);
        double[] x = new double[2 * k - 1];
        for (int s = 0; s < subtrees.size(); s++) {
            x[subtrees.get(s)] = 5 + 10 * s;
        }
        for (int i = firstShown; i < merges; i++) {
            x[k + i] = (x[tree.children()[i][0]] + x[tree.children()[i][1]]) / 2;
        }
        double xMax = 10.0 * subtrees.size();

        return Canvas.draw(WIDTH, HEIGHT, Map.of(), g -> {
            Scale scale = new Scale(xMax, maxLevel + 1);
            drawAxis(g, scale, maxLevel);
            g.setStroke(new BasicStroke(1.5f));
            g.setColor(LINE);
            for (int i = firstShown; i < merges; i++) {
                int node = k + i;
                int left = tree.children()[i][0];
                int right = tree.children()[i][1];
                g.draw(new Line2D.Double(scale.px(x[left]), scale.py(height[left]), scale.px(x[left]), scale.py(height[node])));
                g.draw(new Line2D.Double(scale.px(x[right]), scale.py(height[right]), scale.px(x[right]), scale.py(height[node])));
                g.draw(new Line2D.Double(scale.px(x[left]), scale.py(height[node]), scale.px(x[right]), scale.py(height[node])));
            }
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            g.setColor(Color.RED);
            for (int level : hlineLevels) {
                double y = scale.py(maxLevel + 1 - level);
                g.draw(new Line2D.Double(LEFT, y, WIDTH - RIGHT, y));
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = firstShown; i < merges; i++) {
                int node = k + i;
                double px = scale.px(x[node]);
                double py = scale.py(height[node]);
                g.setColor(Color.BLACK);
                g.fill(new Ellipse2D.Double(px - 3.5, py - 3.5, 7, 7));
                centered(g, "D" + node, px, py + 6 + g.getFontMetrics().getAscent());
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, leafFontSize));
            for (int subtree : subtrees) {
                int size = leafCount(tree, subtree);
                centered(g, subtree < k ? String.valueOf(subtree) : "(" + size + ")", scale.px(x[subtree]),
                        scale.py(0) + 6 + g.getFontMetrics().getAscent());
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            centered(g, "Domains hierarchy", WIDTH / 2.0, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            centered(g, "Number of domains in node (or prototype ID if no parenthesis)", WIDTH / 2.0, HEIGHT - 20);
        });
    }

    /** The nodes below the drawn merges, left to right: children of drawn merges that are not drawn merges. */
    private static void collectSubtrees(Dendrogram tree, int node, int firstShown, List<Integer> out) {
        int k = tree.numLeaves();
        if (node < k + firstShown) {
            out.add(node);
            return;
        }
        int[] pair = tree.children()[node - k];
        collectSubtrees(tree, pair[0], firstShown, out);
        collectSubtrees(tree, pair[1], firstShown, out);
    }

    private static int leafCount(Dendrogram tree, int node) {
        int k = tree.numLeaves();
        if (node < k) {
            return 1;
        }
        int[] pair = tree.children()[node - k];
        return leafCount(tree, pair[0]) + leafCount(tree, pair[1]);
    }

    private static void drawAxis(Graphics2D g, Scale scale, int maxLevel) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Double(LEFT - 10, scale.py(1), LEFT - 10, scale.py(maxLevel)));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics metrics = g.getFontMetrics();
        for (int t = 1; t <= maxLevel; t++) {
            double y = scale.py(t);
            g.draw(new Line2D.Double(LEFT - 15, y, LEFT - 10, y));
            String label = String.valueOf(maxLevel + 1 - t);
            g.drawString(label, (float) (LEFT - 18 - metrics.stringWidth(label)), (float) (y + metrics.getAscent() / 2.0 - 1));
        }
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        rotated.rotate(-Math.PI / 2);
        String label = "Domains level";
        rotated.drawString(label, -(TOP + (HEIGHT - TOP - BOTTOM) / 2f) - rotated.getFontMetrics().stringWidth(label) / 2f, 18f);
        rotated.dispose();
    }

    private static void centered(Graphics2D g, String text, double x, double baseline) {
        g.drawString(text, (float) (x - g.getFontMetrics().stringWidth(text) / 2.0), (float) baseline);
    }

    /** Tree coordinates (x in scipy's units, y in levels) to pixels. */
    private record Scale(double xMax, double yMax) {
        double px(double x) {
            return LEFT + x / xMax * (WIDTH - LEFT - RIGHT);
        }

        double py(double y) {
            return HEIGHT - BOTTOM - y / yMax * (HEIGHT - TOP - BOTTOM);
        }
    }
}
