"""Clearly fake but valid-looking identity data for the demo and the tests.

No Django imports: `scripts/make_roster_samples.py` uses this module without settings.
Every number passes its checksum; none belongs to a real person on purpose, although a
valid-looking number can never be guaranteed not to exist.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import phonenumbers
from stdnum.cn import ric, uscc

_id_counter = itertools.count(1)

# County codes in python-stdnum's birth-place table. ric.validate also checks that the code
# existed in the birth year: the municipal districts below are valid for every year, the
# others from 1983 on (random_resident_id simply draws again when a pair does not fit).
RESIDENT_AREAS = (
    "110101",  # 北京 东城
    "110105",  # 北京 朝阳
    "110108",  # 北京 海淀
    "110102",  # 北京 西城
    "120101",  # 天津 和平
    "120103",  # 天津 河西
    "310101",  # 上海 黄浦
    "310104",  # 上海 徐汇
    "130102",  # 石家庄 长安
    "210102",  # 沈阳 和平
    "320102",  # 南京 玄武
    "330106",  # 杭州 西湖
    "370102",  # 济南 历下
    "410102",  # 郑州 中原
    "420106",  # 武汉 武昌
    "430102",  # 长沙 芙蓉
    "510104",  # 成都 锦江
    "610103",  # 西安 碑林
)

MOBILE_PREFIXES = ("138", "139", "186", "135", "137", "158", "188")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严武戴孔汤"
)
GIVEN_NAMES = tuple(
    """伟 芳 娜 敏 静 磊 军 洋 勇 艳 杰 涛 明 超 霞 平 刚 辉 鹏 宇 浩 欣 颖 婷 琳 斌 凯 峰 雪 倩
    秀英 桂兰 建国 志强 建华 丽娟 海燕 晓东 立新 春梅 秋云 振华 德明 永康 瑞祥 慧敏 雅琴 子涵 梓轩 思远
    雨婷 佳琪 俊杰 嘉怡 博文 一鸣 若曦 景天 书瑶 浩然 欣怡 晨阳 文博 静怡 家豪 梦琪 志远 明轩 诗涵 宏伟
    晓燕 国庆 红梅 玉兰 少华 建军 小红 丽华 文静 海涛 子墨 雨桐 宇航 思彤 天佑 安琪 卓然 泽宇 婉清 乐怡""".split()
)


def resident_id_check_digit(body: str) -> str:
    """The 18th character for the 17-digit `body` (GB 11643, ISO 7064 MOD 11-2)."""
    return ric.calc_check_digit(body + "0")  # stdnum expects the number with a placeholder check digit


def resident_id(*, birth: dt.date, seq: int, area: str = "110105") -> str:
    """A mainland resident ID number: area, birth date, 3-digit sequence (odd = male), check digit."""
    body = f"{area}{birth:%Y%m%d}{seq % 1000:03d}"
    return body + resident_id_check_digit(body)


def make_resident_id(birth: dt.date | None = None, seq: int | None = None, area: str = "110105") -> str:
    """A fake mainland resident ID with a correct check digit (random birth date unless given)."""
    birth = birth or dt.date(1960, 1, 1) + dt.timedelta(days=random.randint(0, 15000))
    seq = seq if seq is not None else next(_id_counter) % 1000
    return resident_id(birth=birth, seq=seq, area=area)


def random_resident_id(
    rng: random.Random, *, born_from: int = 1950, born_to: int = 2000
) -> tuple[str, dt.date]:
    """A valid resident ID (checksum, birth date and birth place) and the birth date it encodes."""
    for _ in range(100):
        start = dt.date(born_from, 1, 1)
        birth = start + dt.timedelta(days=rng.randint(0, (dt.date(born_to, 12, 31) - start).days))
        number = resident_id(birth=birth, seq=rng.randint(1, 999), area=rng.choice(RESIDENT_AREAS))
        if ric.is_valid(number):
            return number, birth
    raise RuntimeError("could not generate a valid resident ID")  # pragma: no cover


def organization_code(body: str) -> str:
    """The 9-character organisation code (GB 11714) for an 8-digit `body`, with its check character."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(*, region: str, org_body: str, registrar: str = "9", entity: str = "1") -> str:
    """A unified social credit code: 9 = industry-and-commerce registration, 1 = enterprise."""
    partial = f"{registrar}{entity}{region}{organization_code(org_body)}"
    return partial + uscc.calc_check_digit(partial)


def random_uscc(rng: random.Random, region: str = "110105") -> str:
    return make_uscc(region=region, org_body=f"{rng.randint(10000000, 99999999)}")


def random_mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number that phonenumbers accepts."""
    for _ in range(100):
        number = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "CN")):
            return number
    raise RuntimeError("could not generate a valid mobile number")  # pragma: no cover


def random_person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


class UniqueFaker:
    """Deterministic fake people for one run: names, IDs and mobiles never repeat."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self._names: set[str] = set()
        self._ids: set[str] = set()
        self._mobiles: set[str] = set()
        self._codes: set[str] = set()

    @staticmethod
    def _unique(make, seen: set):
        for _ in range(1000):
            value = make()
            key = value[0] if isinstance(value, tuple) else value
            if key not in seen:
                seen.add(key)
                return value
        raise RuntimeError("ran out of unique fake values")  # pragma: no cover

    def name(self) -> str:
        return self._unique(lambda: random_person_name(self.rng), self._names)

    def resident_id(self, *, born_from: int = 1950, born_to: int = 2000) -> tuple[str, dt.date]:
        return self._unique(
            lambda: random_resident_id(self.rng, born_from=born_from, born_to=born_to), self._ids
        )

    def mobile(self) -> str:
        return self._unique(lambda: random_mobile(self.rng), self._mobiles)

    def uscc(self, region: str = "110105") -> str:
        return self._unique(lambda: random_uscc(self.rng, region), self._codes)
