"""The rectification ledger's tables.

Until issue 9 this app was ``ledgers.cases`` with the label ``cases`` (tables ``cases_*``,
migrations 0001_initial, 0002_permissions, 0003_casesource_links). On a database built by that
code this migration adopts the existing tables instead of creating empty ones: see
``ledgers.rectification.legacy``. On a fresh database it creates the tables as usual.
"""

import django.db.models.deletion
import ledgers.rectification.models
import ledgers.uploads
from django.conf import settings
from django.db import migrations, models

from ledgers.rectification.legacy import AdoptLegacyTablesMigration


class Migration(AdoptLegacyTablesMigration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('ledgers', '0004_seed_problem_categories'),
        ('reportbox', '0002_group_permissions'),
        ('sheets', '0002_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CalendarOverride',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('date', models.DateField(unique=True, verbose_name='日期')),
                ('kind', models.CharField(choices=[('holiday', '放假(不计工作日)'), ('workday', '上班(调休工作日)')], max_length=10, verbose_name='类别')),
                ('note', models.CharField(blank=True, help_text='如“2027年春节调休”。', max_length=100, verbose_name='说明')),
            ],
            options={
                'verbose_name': '节假日调整',
                'verbose_name_plural': '节假日调整',
                'ordering': ['date'],
            },
        ),
        migrations.CreateModel(
            name='SlipCounter',
            fields=[
                ('year', models.PositiveIntegerField(primary_key=True, serialize=False)),
                ('last', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': '交办单编号',
                'verbose_name_plural': '交办单编号',
            },
        ),
        migrations.CreateModel(
            name='Case',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('title', models.CharField(help_text='一句话概括问题,用于列表;不要写反映人姓名和电话(承办单位可见)。', max_length=120, verbose_name='问题摘要')),
                ('content', models.TextField(help_text='群众反映的原话或整理后的问题描述。', verbose_name='问题内容')),
                ('town', models.CharField(blank=True, db_index=True, max_length=60, verbose_name='镇街区')),
                ('village', models.CharField(blank=True, db_index=True, max_length=60, verbose_name='村(社区)')),
                ('compound', models.CharField(blank=True, db_index=True, help_text='回头看与聚类的最小地点。', max_length=80, verbose_name='小区/自然村')),
                ('address_detail', models.CharField(blank=True, help_text='门牌号等,仅作风办和承办单位可见,不公开。', max_length=120, verbose_name='详细地址')),
                ('source', models.CharField(choices=[('report_box', '举报箱'), ('visit_ledger', '走访台账(附件2)'), ('service_ledger', '服务对象台账(附件4)'), ('hotline', '89000热线'), ('online', '网上民声'), ('direct', '作风办直接录入')], default='direct', max_length=20, verbose_name='来源')),
                ('reporter_name', models.CharField(blank=True, help_text='仅作风办可见,承办单位看到的是打码后的姓名。', max_length=40, verbose_name='反映人姓名')),
                ('reporter_phone', models.CharField(blank=True, help_text='仅作风办可见。', max_length=40, verbose_name='反映人电话')),
                ('reporter_anonymous', models.BooleanField(default=False, verbose_name='匿名反映')),
                ('show_identity_to_unit', models.BooleanField(default=False, help_text='默认不向承办单位透露反映人;作风办确有必要时勾选(会记录日志)。', verbose_name='向承办单位显示反映人')),
                ('state', models.CharField(choices=[('new', '待交办'), ('assigned', '已交办待签收'), ('returned', '单位退回'), ('in_progress', '办理中'), ('submitted', '已报结果待审核'), ('reopened', '群众不满意·复核中'), ('closed', '已销号'), ('merged', '已合并')], db_index=True, default='new', max_length=20, verbose_name='状态')),
                ('received_on', models.DateField(help_text='问题进入作风办的日期。', verbose_name='受理日期')),
                ('slip_number', models.CharField(blank=True, help_text='每次交办生成新的编号,如 海作交〔2026〕第0001号。', max_length=40, verbose_name='交办单编号')),
                ('time_limit_days', models.PositiveSmallIntegerField(blank=True, help_text='按国家法定节假日及调休计算的工作日。', null=True, verbose_name='办理时限(工作日)')),
                ('assigned_on', models.DateField(blank=True, null=True, verbose_name='交办日期')),
                ('clock_start', models.DateField(blank=True, help_text='签收日;交办后1个工作日未签收则自动起算。', null=True, verbose_name='起算日期')),
                ('deadline', models.DateField(blank=True, db_index=True, null=True, verbose_name='办理期限')),
                ('signed_on', models.DateField(blank=True, null=True, verbose_name='签收日期')),
                ('signed_automatically', models.BooleanField(default=False, verbose_name='逾期自动签收')),
                ('flagged', models.BooleanField(db_index=True, default=False, verbose_name='挂牌督办')),
                ('flag_reason', models.CharField(blank=True, max_length=200, verbose_name='督办事由')),
                ('return_reason', models.TextField(blank=True, verbose_name='退回理由')),
                ('responsible_section', models.CharField(blank=True, max_length=60, verbose_name='责任科室')),
                ('responsible_person', models.CharField(blank=True, max_length=40, verbose_name='责任人')),
                ('measures', models.TextField(blank=True, verbose_name='整改措施')),
                ('outcome', models.CharField(blank=True, choices=[('solved', '已解决'), ('staged', '分期解决'), ('explained', '不符合政策·已解释')], db_index=True, max_length=20, verbose_name='办理结果')),
                ('outcome_detail', models.TextField(blank=True, help_text='已解决的情况;分期解决的计划;不符合政策的解释内容。', verbose_name='结果说明')),
                ('staged_plan_until', models.DateField(blank=True, null=True, verbose_name='分期解决完成日期')),
                ('result_submitted_on', models.DateField(blank=True, null=True, verbose_name='报结日期')),
                ('answer_to_citizen', models.TextField(blank=True, help_text='作风办审核后答复群众的内容;举报箱问题显示在公开查询页。', verbose_name='答复群众')),
                ('closed_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='销号日期')),
                ('closed_on_time', models.BooleanField(blank=True, null=True, verbose_name='按期办结')),
                ('reopen_count', models.PositiveSmallIntegerField(default=0, verbose_name='复核次数')),
                ('dissatisfaction_reason', models.TextField(blank=True, verbose_name='不满意理由')),
                ('publish_result', models.BooleanField(default=False, help_text='勾选后在“问题整改公示”中公开(已去除姓名、电话和门牌号)。', verbose_name='公示整改结果')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('assigned_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_cases', to='ledgers.unit', verbose_name='责任单位')),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='ledgers.problemcategory', verbose_name='问题类型')),
                ('concerned_unit', models.ForeignKey(blank=True, help_text='问题涉及的单位;不得交由被反映单位自查自办(回避规则)。', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases_concerning', to='ledgers.unit', verbose_name='被反映单位')),
                ('merged_into', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_cases', to='rectification.case', verbose_name='合并至')),
            ],
            options={
                'verbose_name': '整改问题',
                'verbose_name_plural': '整改问题',
                'ordering': ['-received_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='CaseEvidence',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('file', models.FileField(storage=ledgers.uploads.private_storage, upload_to=ledgers.rectification.models.evidence_path, verbose_name='佐证材料')),
                ('original_name', models.CharField(max_length=200, verbose_name='原文件名')),
                ('kind', models.CharField(max_length=10, verbose_name='文件类型')),
                ('uploaded_on', models.DateField(verbose_name='上传日期')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='rectification.case')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '佐证材料',
                'verbose_name_plural': '佐证材料',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='CaseNote',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('measure', '整改措施'), ('progress', '进展情况')], max_length=20, verbose_name='类别')),
                ('text', models.TextField(verbose_name='内容')),
                ('written_on', models.DateField(verbose_name='日期')),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='rectification.case')),
            ],
            options={
                'verbose_name': '办理记录',
                'verbose_name_plural': '办理记录',
                'ordering': ['written_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CaseReminder',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('before', '临期提醒'), ('due', '到期提醒'), ('escalation', '挂牌督办逾期升级')], max_length=20, verbose_name='类别')),
                ('deadline', models.DateField(verbose_name='针对的期限')),
                ('sent_on', models.DateField(verbose_name='发送日期')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='rectification.case')),
            ],
            options={
                'verbose_name': '催办提醒',
                'verbose_name_plural': '催办提醒',
            },
        ),
        migrations.CreateModel(
            name='CaseSource',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('report_box', '举报箱'), ('visit_ledger', '走访台账(附件2)'), ('service_ledger', '服务对象台账(附件4)'), ('hotline', '89000热线'), ('online', '网上民声'), ('direct', '作风办直接录入')], max_length=20, verbose_name='来源')),
                ('reference', models.CharField(blank=True, help_text='如 reportbox.report:17;空表示直接录入。同一来源只能生成一个问题。', max_length=120, verbose_name='来源标识')),
                ('object_id', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='来源对象ID')),
                ('receipt_code', models.CharField(blank=True, db_index=True, help_text='举报箱问题的查询码。', max_length=40, verbose_name='举报回执码')),
                ('reporter_name', models.CharField(blank=True, max_length=40, verbose_name='反映人姓名')),
                ('reporter_phone', models.CharField(blank=True, max_length=40, verbose_name='反映人电话')),
                ('resident_key', models.CharField(blank=True, db_index=True, help_text='电话号码的数字(无电话时为姓名),用于统计同一小区有几位居民反映。', max_length=60, verbose_name='反映人标识')),
                ('snapshot', models.JSONField(blank=True, default=dict, verbose_name='来源快照')),
                ('handed_over_on', models.DateField(verbose_name='移交日期')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sources', to='rectification.case')),
                ('content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='contenttypes.contenttype', verbose_name='来源类型')),
            ],
            options={
                'verbose_name': '问题来源',
                'verbose_name_plural': '问题来源',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='ExtensionRequest',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('days', models.PositiveSmallIntegerField(verbose_name='延期工作日数')),
                ('reason', models.TextField(verbose_name='延期理由')),
                ('requested_on', models.DateField(verbose_name='申请日期')),
                ('state', models.CharField(choices=[('pending', '待审批'), ('granted', '已同意'), ('refused', '不同意')], default='pending', max_length=20, verbose_name='审批状态')),
                ('decision_note', models.TextField(blank=True, verbose_name='审批意见')),
                ('decided_on', models.DateField(blank=True, null=True, verbose_name='审批日期')),
                ('new_deadline', models.DateField(blank=True, null=True, verbose_name='延期后期限')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='extensions', to='rectification.case')),
                ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '延期申请',
                'verbose_name_plural': '延期申请',
                'ordering': ['pk'],
            },
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['assigned_unit', 'state'], name='case_unit_state'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['town', 'village', 'compound'], name='case_place'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.UniqueConstraint(condition=models.Q(('slip_number', ''), _negated=True), fields=('slip_number',), name='case_unique_slip'),
        ),
        migrations.AddConstraint(
            model_name='casereminder',
            constraint=models.UniqueConstraint(fields=('case', 'kind', 'deadline'), name='casereminder_once_per_deadline'),
        ),
        migrations.AddConstraint(
            model_name='casesource',
            constraint=models.UniqueConstraint(condition=models.Q(('reference', ''), _negated=True), fields=('reference',), name='casesource_unique_ref'),
        ),
        migrations.AddField(
            model_name='casesource',
            name='ledger_row',
            field=models.ForeignKey(blank=True, help_text='来自走访/服务对象台账(公共方面)或附件5时的原台账行。', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='case_sources', to='sheets.ledgerrow', verbose_name='台账行'),
        ),
        migrations.AddField(
            model_name='casesource',
            name='report',
            field=models.ForeignKey(blank=True, help_text='来自举报箱时的原举报(举报人身份只在举报箱中,作风办可见)。', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='case_sources', to='reportbox.report', verbose_name='举报'),
        ),
    ]
