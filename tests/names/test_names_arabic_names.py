"""Common Arabic given names read right: the romanizer's first reading, after our own
dictionary, has the expected canonical part (the judgement behind data/arabic_parts.csv)."""

from __future__ import annotations

import pytest

from headcount.names.arabic import romanize_part
from headcount.names.equivalence import canonical

COMMON = """
محمد muhammad
أحمد ahmad
محمود mahmud
حامد hamid
حمزة hamza
حسين husayn
حسن hasan
علي ali
عمر umar
عثمان uthman
يوسف yusuf
إبراهيم ibrahim
إسماعيل ismail
إسحاق ishaq
يعقوب yaqub
موسى musa
عيسى isa
يحيى yahya
سليمان sulayman
داود dawud
إدريس idris
إلياس ilyas
يونس yunus
صالح salih
صلاح salah
خالد khalid
وليد walid
سعيد said
سيد sayyid
طارق tariq
جمال jamal
كمال kamal
جميل jamil
مصطفى mustafa
مراد murad
أنور anwar
أشرف ashraf
عادل adil
أمين amin
أمير amir
عمار ammar
عارف arif
أسعد asad
آصف asif
أيمن ayman
أيوب ayyub
عزيز aziz
بدر badr
بشير bashir
بلال bilal
فاضل fadil
فهد fahd
فيصل faysal
فريد farid
فاروق faruq
حبيب habib
حافظ hafiz
حكيم hakim
هاني hani
هارون harun
هاشم hashim
هشام hisham
عماد imad
عمران imran
جابر jabir
جعفر jafar
جلال jalal
جهاد jihad
كريم karim
خليل khalil
مهدي mahdi
ماجد majid
مالك malik
منصور mansur
مروان marwan
مسعود masud
مبارك mubarak
محسن muhsin
مختار mukhtar
منير munir
نبيل nabil
نادر nadir
ناصر nasir
نور nur
قاسم qasim
رضوان ridwan
رشيد rashid
رضا rida
سعد saad
صابر sabir
صادق sadiq
سالم salem
سلمان salman
سامي sami
شريف sharif
سفيان sufyan
سهيل suhayl
طاهر tahir
توفيق tawfiq
عبيدة ubayda
أسامة usama
ياسين yasin
ياسر yasir
زكريا zakariya
زيد zayd
زبير zubayr
زياد ziyad
عائشة aisha
فاطمة fatima
خديجة khadija
مريم maryam
زينب zaynab
أمينة amina
حفصة hafsa
سمية sumayya
أسماء asma
خولة khawla
صفية safiya
شامل shamil
رستم rustam
عبد الله abd_allah
عبد الرحمن abd_rahman
عبد القادر abd_qadir
عبد العزيز abd_aziz
عبد الكريم abd_karim
عبد اللطيف abd_latif
عبد الحميد abd_hamid
عبد السلام abd_salam
عبد الغني abd_ghani
عبد الرزاق abd_razzaq
نور الدين nur_din
صلاح الدين salah_din
عدي uday
قصي qusay
"""
PAIRS = [tuple(line.rsplit(maxsplit=1)) for line in COMMON.strip().splitlines()]


@pytest.mark.parametrize(("arabic", "part"), PAIRS, ids=[p for _, p in PAIRS])
def test_common_names_read_as_their_canonical_part(arabic: str, part: str) -> None:
    readings = romanize_part(arabic)
    assert canonical(readings[0]) == part, readings
