"""Real-looking places of one city (重庆市) for demo inspections."""

from __future__ import annotations

import random
from forms.store.place import Place

CITY = "重庆市"

# District name -> (administrative code, centre lat, centre lon, streets).
DISTRICTS = {
    "渝中区": ("500103", 29.556, 106.568, ("解放碑街道", "朝天门街道", "七星岗街道", "大溪沟街道", "上清寺街道", "两路口街道")),
    "江北区": ("500105", 29.575, 106.532, ("观音桥街道", "华新街街道", "五里店街道", "石马河街道", "大石坝街道")),
    "沙坪坝区": ("500106", 29.541, 106.457, ("小龙坎街道", "沙坪坝街道", "磁器口街道", "渝碚路街道", "天星桥街道")),
    "九龙坡区": ("500107", 29.502, 106.511, ("杨家坪街道", "谢家湾街道", "黄桷坪街道", "石坪桥街道", "石桥铺街道")),
    "南岸区": ("500108", 29.523, 106.560, ("南坪街道", "铜元局街道", "弹子石街道", "海棠溪街道", "龙门浩街道")),
}
COMMUNITY_NAMES = ("民生", "枇杷山", "中山", "和平", "新华", "建新", "嘉陵", "长江", "红岩", "兴隆", "滨江",
                   "翠湖", "桂花园", "黄葛", "金紫", "学府", "光明", "友谊", "团结", "花园")
ESTATE_SUFFIXES = ("小区", "花园", "新村", "宿舍", "苑", "大院")
ESTATE_PREFIXES = ("建设", "纺织厂", "电力", "机床厂", "邮电", "教师", "红旗", "东方", "锦绣", "嘉华",
                   "幸福", "和美", "铁路", "钢厂", "长安", "银杏", "松林", "石油")
ROADS = ("民族路", "中山一路", "解放西路", "建新北路", "人和街", "渝州路", "杨家坪正街", "南坪西路", "北城天街",
         "小龙坎正街", "沙南街", "石桥铺路", "海峡路", "五一路", "和平路", "嘉陵三村", "红旗河沟", "铜元局正街")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉兰德福淑珍"


def random_place(rng: random.Random, serial: int) -> Place:
    """Return a plausible building location; `serial` keeps building codes unique."""
    district = rng.choice(tuple(DISTRICTS))
    code, lat, lon, streets = DISTRICTS[district]
    street_index = rng.randrange(len(streets))
    community = rng.choice(COMMUNITY_NAMES) + "社区"
    estate = rng.choice(ESTATE_PREFIXES) + rng.choice(ESTATE_SUFFIXES)
    number = rng.randint(1, 320)
    building = rng.randint(1, 12)
    return Place(
        district=district, street=streets[street_index], community=community, estate=estate,
        building_code=f"{code}{street_index + 1:03d}{serial:07d}",
        address=f"{CITY}{district}{rng.choice(ROADS)}{number}号{estate}{building}栋",
        lat=round(lat + rng.uniform(-0.03, 0.03), 6), lon=round(lon + rng.uniform(-0.03, 0.03), 6),
    )


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def phone_number(rng: random.Random) -> str:
    return rng.choice(("13", "15", "17", "18", "19")) + "".join(str(rng.randrange(10)) for _ in range(9))


def id_number(rng: random.Random, district_code: str = "500103") -> str:
    """Return an 18-character resident ID number with a valid GB 11643 check digit."""
    birth = f"{rng.randint(1940, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = district_code + birth + f"{rng.randrange(1000):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    return body + check
