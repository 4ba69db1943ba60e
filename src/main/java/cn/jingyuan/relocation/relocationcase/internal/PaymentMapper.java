package cn.jingyuan.relocation.relocationcase.internal;

import java.util.List;

import org.apache.ibatis.annotations.Mapper;

@Mapper
public interface PaymentMapper {

    void insert(PaymentRow row);

    List<PaymentRow> findByHousehold(long householdId);
}
