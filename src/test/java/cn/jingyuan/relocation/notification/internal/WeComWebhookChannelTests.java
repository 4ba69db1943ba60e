package cn.jingyuan.relocation.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.notification.NotificationProperties;
import cn.jingyuan.relocation.notification.OutboundChannel.OutboundException;
import cn.jingyuan.relocation.notification.OutboundMessage;

/** The WeCom group robot format, sent to a stub robot on 127.0.0.1. */
class WeComWebhookChannelTests {

    final ObjectMapper json = new ObjectMapper();
    final StubRobot robot = new StubRobot();
    final WeComWebhookChannel channel = new WeComWebhookChannel(new NotificationProperties(null,
            new NotificationProperties.WeCom(Map.of("xiangshui", robot.url("xs-key"), "county", robot.url("county-key")), Duration.ofSeconds(5)),
            null), json);

    @AfterEach
    void stop() {
        robot.close();
    }

    @Test
    void aTextMessageGoesToItsTownshipsRobotInTheRobotsFormat() throws Exception {
        channel.send(new OutboundMessage("xiangshui", OutboundMessage.Format.TEXT, "【催办】核实认定 · 640424-2025-0001"));

        assertThat(robot.requests).hasSize(1);
        assertThat(robot.requests.get(0).query()).isEqualTo("key=xs-key");
        JsonNode body = json.readTree(robot.requests.get(0).body());
        assertThat(body.path("msgtype").asText()).isEqualTo("text");
        assertThat(body.path("text").path("content").asText()).isEqualTo("【催办】核实认定 · 640424-2025-0001");
    }

    @Test
    void aMarkdownMessageIsSentAsMarkdown() throws Exception {
        channel.send(new OutboundMessage("county", OutboundMessage.Format.MARKDOWN, "### 每日待办汇总\n> 张三:待办 **2** 件"));

        JsonNode body = json.readTree(robot.requests.get(0).body());
        assertThat(robot.requests.get(0).query()).isEqualTo("key=county-key");
        assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.path("markdown").path("content").asText()).isEqualTo("### 每日待办汇总\n> 张三:待办 **2** 件");
    }

    @Test
    void whatTheRobotRefusesOrCannotTakeIsAFailedSend() {
        OutboundMessage m = new OutboundMessage("xiangshui", OutboundMessage.Format.TEXT, "【催办】");
        robot.answer(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}");
        assertThatThrownBy(() -> channel.send(m)).isInstanceOf(OutboundException.class).hasMessageContaining("45009");
        robot.answer(502, "bad gateway");
        assertThatThrownBy(() -> channel.send(m)).isInstanceOf(OutboundException.class).hasMessageContaining("HTTP 502");
        robot.close();
        assertThatThrownBy(() -> channel.send(m)).isInstanceOf(OutboundException.class).hasMessageContaining("not reached")
                .hasMessageNotContaining("xs-key");
    }

    @Test
    void onlyTownshipsWithARobotAreServed() {
        assertThat(channel.serves("xiangshui")).isTrue();
        assertThat(channel.serves("dawan")).isFalse();
        assertThatThrownBy(() -> channel.send(new OutboundMessage("dawan", OutboundMessage.Format.TEXT, "x"))).isInstanceOf(OutboundException.class);
    }

    @Test
    void contentPastTheRobotsLimitIsCutAtACharacterAndMarked() {
        String text = "待".repeat(1000);
        String cut = WeComWebhookChannel.truncate(text, WeComWebhookChannel.TEXT_LIMIT);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(WeComWebhookChannel.TEXT_LIMIT);
        assertThat(cut).endsWith("……").startsWith("待待待");
        assertThat(WeComWebhookChannel.truncate("短消息", 2048)).isEqualTo("短消息");
    }

    @Test
    void aLongDigestIsSplitIntoMessagesTheRobotTakes() {
        List<Digest.Line> lines = java.util.stream.IntStream.range(0, 120)
                .mapToObj(i -> new Digest.Line("工作人员" + i, "乡镇工作专班", 3, i % 2)).toList();
        List<String> parts = Digest.markdown("香水镇", LocalDate.of(2025, 10, 9), lines);
        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(WeComWebhookChannel.MARKDOWN_LIMIT);
            assertThat(p).startsWith("### 每日待办汇总 · 2025年10月9日\n**香水镇**\n");
        });
        assertThat(String.join("", parts)).contains("> 工作人员0(乡镇工作专班):待办 **3** 件\n")
                .contains("> 工作人员119(乡镇工作专班):待办 **3** 件,其中<font color=\"warning\">逾期 1 件</font>\n");
    }
}
