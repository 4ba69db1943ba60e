package cn.jingyuan.relocation.shared;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI description served at /v3/api-docs and /swagger-ui.html. */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfig {

    @Bean
    OpenAPI relocationApi() {
        return new OpenAPI()
                .info(new Info().title("泾源县地质灾害避险搬迁业务系统 API").version("1")
                        .description("户籍台账、搬迁案件、待办任务、领导批次审批、年度计划与结转。HTTP Basic 认证(演示账号密码 demo);"
                                + "错误为 application/problem+json。Jingyuan County geological-hazard avoidance relocation: the public contract."))
                .components(new Components().addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
