package cn.jingyuan.relocation.relocationcase.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import cn.jingyuan.relocation.support.RawCodes;

class ProcessDiagramTests {

    private final ProcessDiagram diagram = new ProcessDiagram();

    @Test
    void drawsEveryStepOfTheCaseProcessFromItsDiagramWithTheCasesWayThroughIt() throws Exception {
        String svg = diagram.svg("relocation-case.bpmn", Set.of("Task_VerifyHousehold", "Task_RecordApplication"), Set.of("Task_VillageMeeting"));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        NodeList groups = doc.getElementsByTagName("g");
        int steps = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String id = g.getAttribute("data-element");
            String expected = id.equals("Task_VillageMeeting") ? "current"
                    : Set.of("Task_VerifyHousehold", "Task_RecordApplication").contains(id) ? "visited" : "idle";
            assertThat(g.getAttribute("data-state")).as(id).isEqualTo(expected);
            if (id.startsWith("Task_")) {
                steps++;
                assertThat(g.getElementsByTagName("rect").getLength()).as(id).isEqualTo(1);
            }
        }
        assertThat(steps).as("the process's tasks").isGreaterThanOrEqualTo(15);
        assertThat(svg).contains(">核实认定<", "viewBox=");
        // the names are drawn, the ids are not
        assertThat(RawCodes.in(doc.getDocumentElement().getTextContent())).isEmpty();
    }
}
