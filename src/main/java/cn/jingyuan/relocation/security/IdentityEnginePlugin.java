package cn.jingyuan.relocation.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** Makes bcrypt the engine's password hash; the engine still checks older hashes by their prefix. */
@Component
class IdentityEnginePlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setPasswordEncryptor(new BcryptPasswordEncryptor());
    }
}
