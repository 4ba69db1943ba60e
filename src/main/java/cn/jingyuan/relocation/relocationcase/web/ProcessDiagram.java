package cn.jingyuan.relocation.relocationcase.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * A process diagram drawn on the server as SVG from the BPMN file's own diagram interchange (BPMN DI): the
 * shapes and edges where the modeller put them, the steps a case has passed through in green and the steps open
 * now in orange. No script and no viewer: it prints, and it works on any screen.
 */
@Component
public class ProcessDiagram {

    private enum Kind { TASK, SUBPROCESS, EVENT, END_EVENT, BOUNDARY, GATEWAY }

    private record Shape(String id, Kind kind, String name, double x, double y, double w, double h, Double lx, Double ly, Double lw) {
    }

    private record Edge(List<double[]> points, String name, Double lx, Double ly) {
    }

    private record Diagram(List<Shape> shapes, List<Edge> edges, double minX, double minY, double maxX, double maxY) {
    }

    private final Map<String, Diagram> cache = new ConcurrentHashMap<>();

    /**
     * The SVG of {@code bpmn/<file>}, with {@code visited} activity ids green and {@code current} ones orange; the
     * steps have their names as text, so the diagram also reads without colours.
     */
    public String svg(String file, Set<String> visited, Set<String> current) {
        Diagram d = cache.computeIfAbsent(file, ProcessDiagram::load);
        double pad = 10;
        double width = d.maxX - d.minX + 2 * pad;
        double height = d.maxY - d.minY + 2 * pad;
        StringBuilder out = new StringBuilder(32_000);
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bpmn-diagram\" role=\"img\" aria-label=\"办理流程图\" "
                + "viewBox=\"%.0f %.0f %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" font-family=\"Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif\">",
                d.minX - pad, d.minY - pad, width, height, width, height));
        out.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#5c6b7a\"/></marker></defs>");
        for (Edge e : d.edges) {
            out.append("<polyline fill=\"none\" stroke=\"#5c6b7a\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\" points=\"");
            for (double[] p : e.points) {
                out.append(String.format(Locale.ROOT, "%.0f,%.0f ", p[0], p[1]));
            }
            out.append("\"/>");
            if (e.name != null && e.lx != null) {
                text(out, e.name, e.lx, e.ly + 10, 10, "#5c6b7a", "start");
            }
        }
        for (Shape s : d.shapes) {
            boolean isCurrent = current.contains(s.id);
            boolean isVisited = !isCurrent && visited.contains(s.id);
            String fill = isCurrent ? "#fff1d6" : isVisited ? "#e3f4e6" : "#ffffff";
            String stroke = isCurrent ? "#d9822b" : isVisited ? "#2e8b57" : "#5c6b7a";
            String strokeWidth = isCurrent ? "3" : isVisited ? "2" : "1.2";
            String state = isCurrent ? "current" : isVisited ? "visited" : "idle";
            out.append("<g data-element=\"").append(HtmlUtils.htmlEscape(s.id)).append("\" data-state=\"").append(state).append("\">");
            switch (s.kind) {
                case TASK, SUBPROCESS -> {
                    out.append(String.format(Locale.ROOT, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" rx=\"10\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>",
                            s.x, s.y, s.w, s.h, s.kind == Kind.SUBPROCESS ? "none" : fill, stroke, strokeWidth));
                    if (s.name != null) {
                        wrapped(out, s.name, s.x + s.w / 2, s.kind == Kind.SUBPROCESS ? s.y + 16 : s.y + s.h / 2, s.w - 8, 12);
                    }
                }
                case EVENT, END_EVENT, BOUNDARY -> {
                    out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>",
                            s.x + s.w / 2, s.y + s.h / 2, s.w / 2, fill, stroke, s.kind == Kind.END_EVENT ? "3" : strokeWidth));
                    if (s.kind == Kind.BOUNDARY) {
                        out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"%s\"/>",
                                s.x + s.w / 2, s.y + s.h / 2, s.w / 2 - 3, stroke));
                    }
                    label(out, s);
                }
                case GATEWAY -> {
                    double cx = s.x + s.w / 2;
                    double cy = s.y + s.h / 2;
                    out.append(String.format(Locale.ROOT, "<polygon points=\"%.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>",
                            cx, s.y, s.x + s.w, cy, cx, s.y + s.h, s.x, cy, fill, stroke, strokeWidth));
                    label(out, s);
                }
            }
            out.append("</g>");
        }
        return out.append("</svg>").toString();
    }

    private static void label(StringBuilder out, Shape s) {
        if (s.name == null) {
            return;
        }
        if (s.lx != null) {
            wrapped(out, s.name, s.lx + s.lw / 2, s.ly + 7, Math.max(s.lw, 60), 10);
        } else {
            wrapped(out, s.name, s.x + s.w / 2, s.y + s.h + 12, 90, 10);
        }
    }

    /** Centred text broken into lines that fit {@code width} (a Chinese character is about one font size wide). */
    private static void wrapped(StringBuilder out, String text, double cx, double cy, double width, int size) {
        int perLine = Math.max(2, (int) (width / (size + 0.5)));
        List<String> lines = new ArrayList<>();
        String t = text.replaceAll("\\s+", " ").strip();
        while (t.length() > perLine) {
            lines.add(t.substring(0, perLine));
            t = t.substring(perLine);
        }
        lines.add(t);
        double first = cy - (lines.size() - 1) * (size + 2) / 2.0 + size / 2.5;
        for (int i = 0; i < lines.size(); i++) {
            text(out, lines.get(i), cx, first + i * (size + 2), size, "#1d2129", "middle");
        }
    }

    private static void text(StringBuilder out, String text, double x, double y, int size, String color, String anchor) {
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" fill=\"%s\" text-anchor=\"%s\">", x, y, size, color, anchor))
                .append(HtmlUtils.htmlEscape(text)).append("</text>");
    }

    private static Diagram load(String file) {
        if (!file.matches("[a-z0-9-]+\\.bpmn")) {
            throw new IllegalArgumentException("bad process file " + file);
        }
        try (InputStream in = ProcessDiagram.class.getResourceAsStream("/bpmn/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no bpmn/" + file);
            }
            BpmnModelInstance model = Bpmn.readModelFromStream(in);
            List<Shape> shapes = new ArrayList<>();
            List<Shape> boundaries = new ArrayList<>();
            double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
            Collection<BpmnShape> diShapes = model.getModelElementsByType(BpmnShape.class);
            for (BpmnShape di : diShapes) {
                BaseElement el = di.getBpmnElement();
                Kind kind = el instanceof SubProcess ? Kind.SUBPROCESS : el instanceof Activity ? Kind.TASK
                        : el instanceof BoundaryEvent ? Kind.BOUNDARY : el instanceof EndEvent ? Kind.END_EVENT
                        : el instanceof Event ? Kind.EVENT : el instanceof Gateway ? Kind.GATEWAY : null;
                if (kind == null) {
                    continue;
                }
                Bounds b = di.getBounds();
                Bounds l = di.getBpmnLabel() == null ? null : di.getBpmnLabel().getBounds();
                Shape s = new Shape(el.getId(), kind, el.getAttributeValue("name"), b.getX(), b.getY(), b.getWidth(), b.getHeight(),
                        l == null ? null : l.getX(), l == null ? null : l.getY(), l == null ? null : l.getWidth());
                (kind == Kind.BOUNDARY ? boundaries : shapes).add(s);
                grow(box, s.x, s.y, s.x + s.w, s.y + s.h + (l == null && kind != Kind.TASK && kind != Kind.SUBPROCESS ? 30 : 0));
                if (l != null) {
                    grow(box, l.getX(), l.getY(), l.getX() + l.getWidth(), l.getY() + l.getHeight());
                }
            }
            // sub-processes first (they frame their tasks), boundary events last (they sit on a task's border)
            shapes.sort((a, b) -> Boolean.compare(a.kind != Kind.SUBPROCESS, b.kind != Kind.SUBPROCESS));
            shapes.addAll(boundaries);
            List<Edge> edges = new ArrayList<>();
            for (BpmnEdge di : model.getModelElementsByType(BpmnEdge.class)) {
                List<double[]> points = new ArrayList<>();
                for (Waypoint w : di.getWaypoints()) {
                    points.add(new double[] {w.getX(), w.getY()});
                    grow(box, w.getX(), w.getY(), w.getX(), w.getY());
                }
                String name = di.getBpmnElement() instanceof SequenceFlow f ? f.getName() : null;
                Bounds l = di.getBpmnLabel() == null ? null : di.getBpmnLabel().getBounds();
                edges.add(new Edge(points, name == null || name.isBlank() ? null : name, l == null ? null : l.getX(), l == null ? null : l.getY()));
            }
            return new Diagram(List.copyOf(shapes), List.copyOf(edges), box[0], box[1], box[2], box[3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void grow(double[] box, double x1, double y1, double x2, double y2) {
        box[0] = Math.min(box[0], x1);
        box[1] = Math.min(box[1], y1);
        box[2] = Math.max(box[2], x2);
        box[3] = Math.max(box[3], y2);
    }
}
