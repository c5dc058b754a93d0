package org.hybridchat.server.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The losses of a training run at each evaluation, kept as CSV beside the checkpoint (so a resumed
 * run draws its whole history) and drawn as a PNG: training and validation loss against the step.
 */
final class LossCurve {
    record Point(int step, double train, double validation) {
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int MARGIN = 70;
    private static final Color TRAIN = new Color(0x1F77B4);
    private static final Color VALIDATION = new Color(0xD62728);

    private final List<Point> points = new ArrayList<>();

    void add(Point point) {
        points.add(point);
    }

    List<Point> points() {
        return List.copyOf(points);
    }

    void save(Path csv) throws IOException {
        StringBuilder text = new StringBuilder("step,train,validation\n");
        for (Point p : points) {
            text.append(p.step()).append(',').append(p.train()).append(',').append(p.validation()).append('\n');
        }
        Files.writeString(csv, text);
    }

    static LossCurve load(Path csv) throws IOException {
        LossCurve curve = new LossCurve();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            curve.add(new Point(Integer.parseInt(fields[0]), Double.parseDouble(fields[1]),
                    Double.parseDouble(fields[2])));
        }
        return curve;
    }

    /** Draws the curve with java.awt (headless), with the baseline's loss as a dashed line. */
    void draw(Path png, String title, double baseline) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int maxStep = points.getLast().step();
        double top = Math.ceil(Math.max(baseline, points.stream().mapToDouble(Point::train).max().orElseThrow()));
        double bottom = Math.floor(points.stream().mapToDouble(p -> Math.min(p.train(), p.validation()))
                .min().orElseThrow());
        Axes axes = new Axes(maxStep, bottom, top);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (double loss = bottom; loss <= top + 1e-9; loss += 0.5) {
            int y = axes.y(loss);
            g.setColor(new Color(0xE6E6E6));
            g.drawLine(MARGIN, y, WIDTH - MARGIN, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString("%.1f".formatted(loss), MARGIN - 35, y + 5);
        }
        int stepTick = niceStep(maxStep / 8);
        for (int step = 0; step <= maxStep; step += stepTick) {
            g.drawString(Integer.toString(step), axes.x(step) - 12, HEIGHT - MARGIN + 20);
        }
        g.drawRect(MARGIN, MARGIN, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN);
        g.drawString("step", WIDTH / 2 - 15, HEIGHT - MARGIN + 42);
        g.drawString("loss (nats per token)", 10, MARGIN - 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, MARGIN, 30);

        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_BEVEL, 1, new float[] {6, 5}, 0));
        g.setColor(Color.GRAY);
        g.drawLine(MARGIN, axes.y(baseline), WIDTH - MARGIN, axes.y(baseline));
        g.setStroke(new BasicStroke(2f));
        line(g, axes, TRAIN, Point::train);
        line(g, axes, VALIDATION, Point::validation);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        legend(g, TRAIN, "train (mean of the steps since the last evaluation)", 0);
        legend(g, VALIDATION, "validation (held-out exchanges)", 1);
        legend(g, Color.GRAY, "bigram baseline on validation: %.2f".formatted(baseline), 2);
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private record Axes(int maxStep, double bottom, double top) {
        int x(int step) {
            return MARGIN + (int) Math.round((double) step / maxStep * (WIDTH - 2 * MARGIN));
        }

        int y(double loss) {
            return HEIGHT - MARGIN - (int) Math.round((loss - bottom) / (top - bottom) * (HEIGHT - 2 * MARGIN));
        }
    }

    private void line(Graphics2D g, Axes axes, Color color, ToDoubleFunction<Point> loss) {
        g.setColor(color);
        for (int i = 1; i < points.size(); i++) {
            Point a = points.get(i - 1);
            Point b = points.get(i);
            g.drawLine(axes.x(a.step()), axes.y(loss.applyAsDouble(a)),
                    axes.x(b.step()), axes.y(loss.applyAsDouble(b)));
        }
    }

    private static void legend(Graphics2D g, Color color, String label, int row) {
        int y = MARGIN + 25 + 22 * row;
        g.setColor(color);
        g.fillRect(WIDTH - MARGIN - 390, y - 10, 24, 4);
        g.setColor(Color.DARK_GRAY);
        g.drawString(label, WIDTH - MARGIN - 358, y - 2);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    private static int niceStep(int rough) {
        int power = 1;
        while (power * 10 <= Math.max(1, rough)) {
            power *= 10;
        }
        for (int factor : new int[] {1, 2, 5, 10}) {
            if (factor * power >= rough) {
                return factor * power;
            }
        }
        return 10 * power;
    }
}
